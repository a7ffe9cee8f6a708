import { Module } from '@nestjs/common';
import { Dhis2ExportModule } from '@app/dhis2-export';
import { AuditModule } from '@app/audit';
import { CaseMigrationModule } from '@app/case-migration';
import { ClockModule } from '@app/core';
import { DatabaseModule } from '@app/database';
import { IdentityModule } from '@app/identity';
import { SchedulerModule } from '@app/scheduler';
import { SopRegistryModule } from '@app/sop-registry';
import { PluginHostModule } from '@app/plugin-host';
import { INSTALLED_PLUGINS } from '../../../plugins';

/** The worker: the scheduler, the outbox dispatcher and abandoned case migrations, no HTTP. Run as many as you like. */
@Module({
  imports: [
    ClockModule,
    DatabaseModule,
    AuditModule,
    IdentityModule,
    SopRegistryModule,
    SchedulerModule,
    Dhis2ExportModule,
    CaseMigrationModule,
    PluginHostModule.forRoot(INSTALLED_PLUGINS),
  ],
})
export class WorkerModule {}
