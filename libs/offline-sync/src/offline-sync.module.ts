import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { SopRegistryModule } from '@app/sop-registry';
import { ChangeApplier } from './change-applier';
import { HeldChangesService } from './held-changes.service';
import { OfflineSyncService } from './offline-sync.service';
import { OfflineWorkflowService } from './offline-workflow.service';
import { SyncChangesRepository } from './sync-changes.repository';
import { SyncDevicesRepository } from './sync-devices.repository';
import { SyncDevicesService } from './sync-devices.service';

@Module({
  imports: [CasesModule, AuditModule, SopRegistryModule],
  providers: [OfflineSyncService, OfflineWorkflowService, HeldChangesService, SyncDevicesService, ChangeApplier, SyncChangesRepository, SyncDevicesRepository],
  exports: [OfflineSyncService, OfflineWorkflowService, HeldChangesService, SyncDevicesService],
})
export class OfflineSyncModule {}
