export * from './offline-sync.errors';
export * from './offline-sync.module';
export * from './offline-sync.service';
export * from './field-merge';
export * from './sync.types';
