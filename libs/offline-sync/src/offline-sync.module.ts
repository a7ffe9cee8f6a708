import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { OfflineSyncService } from './offline-sync.service';
import { SyncChangesRepository } from './sync-changes.repository';

@Module({
  imports: [CasesModule, AuditModule],
  providers: [OfflineSyncService, SyncChangesRepository],
  exports: [OfflineSyncService],
})
export class OfflineSyncModule {}
