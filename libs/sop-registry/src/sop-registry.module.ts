import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { DemoUsersSeeder } from './demo-users.seeder';
import { SopBundles } from './sop-bundles';
import { SopRegistry } from './sop-registry.service';
import { SopVersionsRepository } from './sop-versions.repository';

@Module({
  imports: [IdentityModule],
  providers: [SopVersionsRepository, SopRegistry, DemoUsersSeeder, SopBundles],
  exports: [SopRegistry, DemoUsersSeeder, SopBundles],
})
export class SopRegistryModule {}
