export * from './first-run.errors';
export * from './first-run.service';
export * from './first-run.module';
