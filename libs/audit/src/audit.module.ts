import { Global, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@app/config';
import { AUDIT_CHECKPOINT_OPTIONS, AuditCheckpointOptions, AuditCheckpoints } from './audit-checkpoints.service';
import { AuditRepository } from './audit.repository';
import { AUDIT_CHAINS, AuditService } from './audit.service';

/**
 * The audit log. Global: import once (next to DatabaseModule and ClockModule, whose DataSource and
 * Clock it uses) and inject AuditService anywhere. New entries go to CMIS_AUDIT_CHAINS chains;
 * checkpoints of the chains' heads go to CMIS_AUDIT_CHECKPOINT_DIR.
 */
@Global()
@Module({
  imports: [ConfigModule],
  providers: [
    AuditRepository,
    AuditService,
    AuditCheckpoints,
    { provide: AUDIT_CHAINS, inject: [AppConfig], useFactory: (c: AppConfig) => c.CMIS_AUDIT_CHAINS },
    { provide: AUDIT_CHECKPOINT_OPTIONS, inject: [AppConfig], useFactory: checkpointOptions },
  ],
  exports: [AuditService, AuditCheckpoints],
})
export class AuditModule {}

export function checkpointOptions(c: AppConfig): AuditCheckpointOptions {
  return { dir: c.CMIS_AUDIT_CHECKPOINT_DIR, key: c.CMIS_AUDIT_CHECKPOINT_KEY, intervalMs: c.CMIS_AUDIT_CHECKPOINT_INTERVAL };
}
