import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { IdentityModule } from '@app/identity';
import { SopRegistryModule } from '@app/sop-registry';
import { AbandonedMigrations } from './abandoned-migrations';
import { CaseMigrationService } from './case-migration.service';
import { CaseMigrationsRepository } from './case-migrations.repository';
import { MigrationOutlines } from './migration-outline';

/** Moving open cases to a newer SOP version by a plan (docs/case-migration.md). */
@Module({
  imports: [CasesModule, SopRegistryModule, IdentityModule],
  providers: [CaseMigrationsRepository, CaseMigrationService, AbandonedMigrations, MigrationOutlines],
  exports: [CaseMigrationService, AbandonedMigrations, MigrationOutlines],
})
export class CaseMigrationModule {}
