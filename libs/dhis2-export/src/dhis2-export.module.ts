import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AppConfig, ConfigModule } from '@app/config';
import { ReportingModule } from '@app/reporting';
import { SopRegistryModule } from '@app/sop-registry';
import { Dhis2Cron } from './dhis2-cron';
import { Dhis2DeliveriesRepository } from './dhis2-deliveries.repository';
import { Dhis2Export } from './dhis2-export.service';
import { DHIS2_SERVER, dhis2ServerFrom } from './dhis2-server';

@Module({
  imports: [ConfigModule, AuditModule, SopRegistryModule, ReportingModule],
  providers: [{ provide: DHIS2_SERVER, inject: [AppConfig], useFactory: dhis2ServerFrom }, Dhis2DeliveriesRepository, Dhis2Export, Dhis2Cron],
  exports: [Dhis2Export, Dhis2Cron],
})
export class Dhis2ExportModule {}
