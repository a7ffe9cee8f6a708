/**
 * The life of a referral, as rules name it (`has_referral`, `referral_count`): waiting for the
 * authority's authorisation, refused by it, sent to the provider, accepted or declined there,
 * followed up (done), or revoked by the referring side. The referrals table holds the same values.
 */
export const REFERRAL_STATUSES = ['awaiting_authorisation', 'not_authorised', 'sent', 'accepted', 'declined', 'done', 'revoked'] as const;

export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
