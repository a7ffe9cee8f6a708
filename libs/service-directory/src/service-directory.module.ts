import { Module } from '@nestjs/common';
import { SopRegistryModule } from '@app/sop-registry';
import { ServiceDirectoryService } from './service-directory.service';
import { ServiceProvidersRepository } from './service-providers.repository';

/** The service providers a case can be referred to: the pack's directory and the ones added at run time. */
@Module({
  imports: [SopRegistryModule],
  providers: [ServiceProvidersRepository, ServiceDirectoryService],
  exports: [ServiceDirectoryService],
})
export class ServiceDirectoryModule {}
