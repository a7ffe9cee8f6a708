import { Global, Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/**
 * The audit log. Global: import once (next to DatabaseModule and ClockModule, whose DataSource and
 * Clock it uses) and inject AuditService anywhere.
 */
@Global()
@Module({ providers: [AuditRepository, AuditService], exports: [AuditService] })
export class AuditModule {}
