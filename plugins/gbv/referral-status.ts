export const REFERRAL_STATUSES = ['sent', 'accepted', 'declined', 'completed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/**
 * How a referral moves: the provider accepts or declines it; an accepted referral is completed (or
 * declined after all). A provider may also report the service done without a formal acceptance.
 * `declined` and `completed` are final: a new need is a new referral (with the consent checked again).
 */
const NEXT: Record<ReferralStatus, readonly ReferralStatus[]> = {
  sent: ['accepted', 'declined', 'completed'],
  accepted: ['completed', 'declined'],
  declined: [],
  completed: [],
};

export function nextReferralStatuses(from: ReferralStatus): readonly ReferralStatus[] {
  return NEXT[from] ?? [];
}

export function canMoveReferral(from: ReferralStatus, to: ReferralStatus): boolean {
  return nextReferralStatuses(from).includes(to);
}

/** Referrals still in progress: a refused or withdrawn consent for their purpose needs following up with the provider. */
export function isOpenReferral(status: ReferralStatus): boolean {
  return status === 'sent' || status === 'accepted';
}
