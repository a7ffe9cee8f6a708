import { canMoveReferral, isOpenReferral, nextReferralStatuses } from './referral-status';

describe('referral status', () => {
  it('moves from sent to an answer, from accepted to an outcome', () => {
    expect(canMoveReferral('sent', 'accepted')).toBe(true);
    expect(canMoveReferral('sent', 'declined')).toBe(true);
    expect(canMoveReferral('sent', 'completed')).toBe(true);
    expect(canMoveReferral('accepted', 'completed')).toBe(true);
    expect(canMoveReferral('accepted', 'declined')).toBe(true);
  });

  it('never goes back, and declined and completed are final', () => {
    expect(canMoveReferral('accepted', 'sent')).toBe(false);
    expect(nextReferralStatuses('declined')).toEqual([]);
    expect(nextReferralStatuses('completed')).toEqual([]);
  });

  it('counts sent and accepted referrals as under way', () => {
    expect(['sent', 'accepted', 'declined', 'completed'].filter((s) => isOpenReferral(s as any))).toEqual(['sent', 'accepted']);
  });
});
