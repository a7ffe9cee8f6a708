import { Module } from '@nestjs/common';
import { SopRegistryModule } from '@app/sop-registry';
import { SopSimulationService } from './sop-simulation.service';

/** Form previews and synthetic cases on a draft or a published version of the pack (nothing stored). */
@Module({
  imports: [SopRegistryModule],
  providers: [SopSimulationService],
  exports: [SopSimulationService],
})
export class SopSimulationModule {}
