import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { SopRegistryModule } from '@app/sop-registry';
import { SopSimulationModule } from './sop-simulation.module';
import { WhatIfRepository } from './what-if.repository';
import { WhatIfService } from './what-if.service';

/** "What if" over history: real cases replayed through a draft's deadlines, counts only (nothing stored). */
@Module({
  imports: [SopSimulationModule, SopRegistryModule, AuditModule],
  providers: [WhatIfService, WhatIfRepository],
  exports: [WhatIfService],
})
export class WhatIfModule {}
