export * from './offline-sync.errors';
export * from './offline-sync.module';
export { OfflineSyncService } from './offline-sync.service';
export { HeldChangesService } from './held-changes.service';
export { SyncDevicesService } from './sync-devices.service';
export * from './field-merge';
export * from './sync.types';
export * from './offline-workflow.service';
