import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { DemoUsersSeeder } from './demo-users.seeder';
import { SopRegistry } from './sop-registry.service';
import { SopVersionsRepository } from './sop-versions.repository';

@Module({
  imports: [IdentityModule],
  providers: [SopVersionsRepository, SopRegistry, DemoUsersSeeder],
  exports: [SopRegistry, DemoUsersSeeder],
})
export class SopRegistryModule {}
