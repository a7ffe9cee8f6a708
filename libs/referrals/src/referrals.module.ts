import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { ServiceDirectoryModule } from '@app/service-directory';
import { SopRegistryModule } from '@app/sop-registry';
import { ReferralAccess } from './referrals/referral-access';
import { ReferralDecisionsService } from './referrals/referral-decisions.service';
import { ReferralFormService } from './referrals/referral-form.service';
import { ReferralNotices } from './referrals/referral-notices';
import { ReferralsService } from './referrals/referrals.service';
import { CaseTransfersRepository } from './transfers/case-transfers.repository';
import { CaseTransfersService } from './transfers/case-transfers.service';
import { TransferClosure } from './transfers/transfer-closure';
import { TransferNotices } from './transfers/transfer-notices';
import { TransferReceivers } from './transfers/transfer-receivers';

/**
 * Where a case goes beyond its team: referrals to a service provider (made, authorised, answered,
 * followed up) and transfers of the case to another place or worker.
 */
@Module({
  imports: [CasesModule, ServiceDirectoryModule, SopRegistryModule, IdentityModule, NotificationsModule],
  providers: [
    ReferralAccess,
    ReferralNotices,
    ReferralsService,
    ReferralDecisionsService,
    ReferralFormService,
    CaseTransfersRepository,
    TransferNotices,
    CaseTransfersService,
    TransferReceivers,
    TransferClosure,
  ],
  exports: [ReferralsService, ReferralDecisionsService, ReferralFormService, CaseTransfersService, TransferReceivers],
})
export class ReferralsModule {}
