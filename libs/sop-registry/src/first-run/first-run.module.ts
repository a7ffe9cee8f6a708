import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { SopRegistryModule } from '../sop-registry.module';
import { FirstRunService } from './first-run.service';
import { SetupCodesRepository } from './setup-codes.repository';

/** First run of an installation without users (AuditService comes from the global AuditModule). */
@Module({
  imports: [IdentityModule, SopRegistryModule],
  providers: [SetupCodesRepository, FirstRunService],
  exports: [FirstRunService],
})
export class FirstRunModule {}
