export * from './referrals.errors';
export * from './referrals.module';
export { ReferralsService, MAKE_REFERRAL_SCHEMA } from './referrals/referrals.service';
export * from './referrals/referral-decisions.service';
export { ReferralFormService } from './referrals/referral-form.service';
export * from './transfers/case-transfers.service';
export { TransferReceivers, type TransferReceiver } from './transfers/transfer-receivers';
