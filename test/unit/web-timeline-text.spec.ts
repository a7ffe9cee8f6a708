import { DOMAIN_EVENTS } from '@app/plugin-sdk';
import { LOCALES, translate } from '../../apps/web/src/translate';
import { eventText } from '../../apps/web/src/timeline-text';

/**
 * The case timeline in the user's language: every event the core writes has a name in each web
 * locale, a deadline event says which deadline (and which occurrence) and when it was due on the
 * pack's clock, and a plugin's event reads as words, not as a code.
 */
describe('web app timeline texts', () => {
  const t = (locale: string) => (key: string, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const text = (locale: string, type: string, data: Record<string, unknown> = {}) => eventText(t(locale), { type, data }, locale, 'Europe/Chisinau');

  // Every event type libs/cases, libs/referrals, libs/case-deadlines and libs/case-migration write on a case's timeline.
  const CORE_EVENTS = [
    ...DOMAIN_EVENTS,
    ...['form_updated', 'form_draft_saved', 'approval_granted', 'approval_rejected', 'case_unlinked', 'case_queued', 'case_taken', 'case_shared'],
    ...['case_share_revoked', 'break_glass_opened', 'flag_added', 'flag_removed', 'note_added', 'transfer_requested', 'transfer_declined'],
    ...['transfer_cancelled', 'referral_sent', 'referral_awaiting_authorisation', 'referral_authorised', 'referral_not_authorised'],
    ...['referral_accepted', 'referral_declined', 'referral_followed_up', 'referral_revoked'],
    ...['deadline_set', 'deadline_rescheduled', 'deadline_met', 'deadline_late', 'deadline_missed', 'deadline_cancelled'],
    // libs/case-migration
    'sop_migrated',
  ];

  it.each(Object.keys(LOCALES))('every core event type has a name of its own in %s', (locale) => {
    const missing = CORE_EVENTS.filter((type) => LOCALES[locale].messages[`event.${type}`] === undefined);
    expect(missing).toEqual([]);
    if (locale !== 'en') {
      // Not the English text copied over.
      const english = CORE_EVENTS.filter((type) => LOCALES[locale].messages[`event.${type}`] === LOCALES.en.messages[`event.${type}`]);
      expect(english).toEqual([]);
    }
  });

  it('core events in French and Arabic are not in English', () => {
    expect(text('fr', 'form_submitted')).toBe('Formulaire envoyé');
    expect(text('fr', 'transition_performed')).toBe("Changement d'étape");
    expect(text('ar', 'deadline_overdue')).toBe('تجاوز الموعد النهائي');
    expect(text('en', 'deadline_overdue')).toBe('Deadline overdue');
  });

  it('a deadline event names the deadline, which occurrence, and when it is due on the pack clock', () => {
    // 07:00 UTC is 09:00 in Chișinău in March (UTC+2).
    const review = { key: 'care_plan_review:2', label: 'Care plan review (every 3 months)', occurrence: 2, dueAt: '2027-03-09T07:00:00.000Z' };
    expect(text('en', 'deadline_set', review)).toMatch(/^Care plan review \(every 3 months\) \(occurrence 2\): set, due Mar 9, 2027, 9:00\sAM$/);
    expect(text('en', 'deadline_met', { key: 'tracing_review', label: 'Tracing review', occurrence: 1, dueAt: '2027-03-09T07:00:00.000Z' })).toMatch(
      /^Tracing review: kept on time, due Mar 9, 2027, 9:00\sAM$/,
    );
    expect(text('fr', 'deadline_missed', { key: 'x', label: 'Révision du plan' })).toBe('Révision du plan : manqué');
    expect(text('ar', 'deadline_late', { key: 'x', label: 'Review', dueAt: '2027-03-09T07:00:00.000Z' })).toMatch(
      /^Review: أُنجز بعد فوات الموعد، الموعد .*2027/,
    );
    // Without the deadline's name (a server before names, a deadline hidden from the reader): the type alone.
    expect(text('en', 'deadline_set', { deadlineHidden: true })).toBe('Deadline set');
  });

  it('an approval or a step change says its comment, in the quotation marks of the language', () => {
    expect(text('en', 'approval_granted', { transition: 'implement_care_plan', comment: 'Plan agreed with the family' })).toBe(
      'Approval granted: “Plan agreed with the family”',
    );
    expect(text('fr', 'approval_rejected', { comment: 'À revoir' })).toBe(`${translate('fr', 'event.approval_rejected')} : « À revoir »`);
    // A reader who may not read free text gets no comment (the API leaves it out): the event alone.
    expect(text('en', 'transition_performed', { comment: null, reasonHidden: true })).toBe('Step changed');
    expect(text('en', 'transition_performed', { comment: '  ' })).toBe('Step changed');
  });

  it('a step change names what was done and where the case went; an approval what it was for', () => {
    const close = { transition: 'close_case', transitionLabel: 'Close the case', to: 'closed', toLabel: 'Closed', comment: 'Objectives met' };
    expect(text('en', 'transition_performed', close)).toBe('Close the case: now at “Closed”: “Objectives met”');
    expect(text('fr', 'transition_performed', { ...close, transitionLabel: 'Clôturer le cas', toLabel: 'Clôturé', comment: null })).toBe(
      'Clôturer le cas : désormais « Clôturé »',
    );
    expect(text('en', 'approval_requested', { transition: 'close_case', transitionLabel: 'Close the case' })).toBe('Approval requested: Close the case');
  });

  it("a plugin's event reads as the label the API gives in the reader's language", () => {
    expect(eventText(t('ro'), { type: 'adoption-matching.match_approved', label: 'Potrivire aprobată', data: {} }, 'ro')).toBe('Potrivire aprobată');
  });

  it("a plugin's or a pack's own event without a label reads as its name in words, without the plugin's prefix", () => {
    expect(text('en', 'adoption-matching.match_approved')).toBe('Match approved');
    expect(text('fr', 'adoption-matching.match_proposed')).toBe('Match proposed');
    expect(text('en', 'case.closed_with_reason')).toBe('Closed with reason');
  });
});
