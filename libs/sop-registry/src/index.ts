export * from './sop-registry.errors';
export * from './sop-registry.service';
export * from './sop-bundles';
export * from './sop-registry.module';
export * from './demo-users.seeder';
export * from './pack-extensions';
export * from './first-run';
