import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { SopRegistryModule } from '@app/sop-registry';
import { OfflineSyncService } from './offline-sync.service';
import { SyncChangesRepository } from './sync-changes.repository';

@Module({
  imports: [CasesModule, AuditModule, SopRegistryModule],
  providers: [OfflineSyncService, SyncChangesRepository],
  exports: [OfflineSyncService],
})
export class OfflineSyncModule {}
