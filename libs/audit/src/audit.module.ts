import { Global, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@app/config';
import { AuditRepository } from './audit.repository';
import { AUDIT_CHAINS, AuditService } from './audit.service';

/**
 * The audit log. Global: import once (next to DatabaseModule and ClockModule, whose DataSource and
 * Clock it uses) and inject AuditService anywhere. New entries go to CMIS_AUDIT_CHAINS chains.
 */
@Global()
@Module({
  imports: [ConfigModule],
  providers: [AuditRepository, AuditService, { provide: AUDIT_CHAINS, inject: [AppConfig], useFactory: (c: AppConfig) => c.CMIS_AUDIT_CHAINS }],
  exports: [AuditService],
})
export class AuditModule {}
