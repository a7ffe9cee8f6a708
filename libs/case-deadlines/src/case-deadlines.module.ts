import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { SopRegistryModule } from '@app/sop-registry';
import { AlertFiring } from './alert-firing';
import { DailyDigest } from './daily-digest';
import { DeadlineAlerter } from './deadline-alerter';
import { DeadlineAlertsRepository } from './deadline-alerts.repository';
import { DeadlineWorklistService } from './deadline-worklist.service';
import { WorklistRepository } from './worklist.repository';

/**
 * Deadlines once they are planned: alerts when one is near or missed, the worklist of open deadlines
 * and the daily digest. Planning them when a case changes is the case writer's (@app/cases, DeadlineSync).
 */
@Module({
  imports: [CasesModule, SopRegistryModule, IdentityModule, NotificationsModule],
  providers: [DeadlineAlertsRepository, AlertFiring, DeadlineAlerter, WorklistRepository, DeadlineWorklistService, DailyDigest],
  exports: [DeadlineAlerter, DeadlineWorklistService, DailyDigest, DeadlineAlertsRepository],
})
export class CaseDeadlinesModule {}
