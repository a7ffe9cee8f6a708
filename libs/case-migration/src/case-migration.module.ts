import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { SopRegistryModule } from '@app/sop-registry';
import { CaseMigrationService } from './case-migration.service';
import { CaseMigrationsRepository } from './case-migrations.repository';

/** Moving open cases to a newer SOP version by a plan (docs/case-migration.md). */
@Module({
  imports: [CasesModule, SopRegistryModule],
  providers: [CaseMigrationsRepository, CaseMigrationService],
  exports: [CaseMigrationService],
})
export class CaseMigrationModule {}
