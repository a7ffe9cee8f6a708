import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { IdentityModule } from '@app/identity';
import { SopRegistryModule } from '@app/sop-registry';
import { PeopleImportRepository } from './people-import.repository';
import { PeopleImportService } from './people-import.service';
import { PeopleRepository } from './people.repository';
import { PeopleService } from './people.service';

@Module({
  imports: [AuditModule, IdentityModule, SopRegistryModule],
  providers: [PeopleRepository, PeopleService, PeopleImportRepository, PeopleImportService],
  exports: [PeopleService, PeopleImportService],
})
export class PeopleModule {}
