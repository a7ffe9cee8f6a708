import { lintPack } from '@app/sop';
import type { SopPack } from '@app/pack-types';
import { loadMoldova } from '../../../test/support/reference-pack';
import { DeadlineMessageContext, ReferralFormContext, ReferralMessageContext, renderMessage, TransferMessageContext } from '@app/templates';

/** The Moldova reference pack's notifications: they load, pass lint and render in every language. */
describe('Moldova notifications', () => {
  let pack: SopPack;
  beforeAll(async () => {
    pack = await loadMoldova();
  });

  const deadline = (summary?: string): DeadlineMessageContext => ({
    recipient: { name: 'Maria Ceban' },
    case: { number: 'MD-CU-2026-000042', link: 'https://cmis.example/cases/42', typeLabel: 'Child protection case', stepLabel: 'Assessment' },
    deadline: { label: 'Initial assessment', dueAt: new Date('2026-03-05T10:00:00Z'), overdue: true },
    alert: { kind: 'escalation', level: 2 },
    answers: summary === undefined ? {} : { initial_assessment: { summary } },
  });
  const entry = {
    caseNumber: 'MD-CU-2026-000042',
    link: 'https://cmis.example/cases/42',
    deadline: 'Initial assessment',
    dueAt: new Date('2026-03-04T09:00:00Z'),
  };
  const contexts = {
    deadline_reminder: deadline(),
    deadline_escalation: deadline('Family <visited> & safe'),
    daily_digest: {
      recipient: { name: 'Maria' },
      date: new Date('2026-03-05T00:00:00Z'),
      link: 'https://cmis.example/deadlines',
      overdue: [entry],
      dueToday: [entry],
      upcoming: [],
    },
    break_glass: {
      recipient: { name: 'Maria' },
      case: { number: 'MD-CU-2026-000042', link: 'https://cmis.example/cases/42' },
      actor: { name: 'Ion' },
      reason: 'Urgent call from the police',
      until: new Date('2026-03-05T13:00:00Z'),
    },
  };

  it('declares email, a 5:00 UTC digest and the summary answer on escalations', () => {
    expect(pack.notifications.channels).toEqual(['email']);
    expect(pack.notifications.digest).toEqual({ enabled: true, hour: 7 });
    expect(pack.manifest.timezone).toBe('Europe/Chisinau');
    expect(pack.notifications.templates.deadline_escalation.answers).toEqual(['initial_assessment.summary']);
    expect(lintPack(pack).filter((i) => i.file.startsWith('templates/'))).toEqual([]);
  });

  it.each(['en', 'fr', 'ro', 'ar'])('renders every standard template in %s', (locale) => {
    for (const [id, context] of Object.entries(contexts)) {
      const def = pack.notifications.templates[id];
      expect(Object.keys(def.locales).sort()).toEqual(['ar', 'en', 'fr', 'ro']);
      const m = renderMessage(def, locale, 'en', context as any);
      if (id !== 'daily_digest') expect(m.subject).toContain('MD-CU-2026-000042');
      for (const part of [m.subject, m.text, m.html]) expect(part).not.toMatch(/undefined|\[object Object\]|\{\{/);
      // The free-text reason of a break-the-glass may describe the child: never in a subject; the
      // Moldova pack shows it in the body, for the supervisor who must review the access.
      expect(m.subject).not.toContain('Urgent call');
      if (id === 'break_glass') expect(m.text).toContain('Urgent call');
      else expect(m.text).not.toContain('Urgent call');
    }
  });

  it("names referral and transfer statuses in the reader's language, never by their code", () => {
    const referral = (status: string): ReferralMessageContext => ({
      recipient: { name: 'Maria' },
      case: { number: 'MD-CU-2026-000042', link: 'https://cmis.example/cases/42' },
      actor: { name: 'Ion' },
      referral: { service: 'Foster care', provider: 'Chișinău foster care', status, respondBy: null, link: 'https://cmis.example/referrals/7' },
      reason: null,
    });
    const transfer = (status: string): TransferMessageContext => ({
      recipient: { name: 'Maria' },
      case: { number: 'MD-CU-2026-000042', link: 'https://cmis.example/cases/42' },
      actor: { name: 'Ion' },
      transfer: { status, location: 'Strășeni', link: 'https://cmis.example/transfers/3' },
      reason: 'Family moved',
    });
    const answered = pack.notifications.templates.referral_answered;
    expect(renderMessage(answered, 'ar', 'en', referral('not_authorised')).subject).toBe('إحالة الحالة MD-CU-2026-000042 إلى Foster care: لم يُؤذن بها');
    expect(renderMessage(answered, 'ro', 'en', referral('accepted')).text).toContain('este acum: acceptată (de către Ion).');
    expect(renderMessage(answered, 'en', 'en', referral('awaiting_authorisation')).subject).toContain(': awaiting authorisation');
    const moved = pack.notifications.templates.transfer_answered;
    const ar = renderMessage(moved, 'ar', 'en', transfer('declined'));
    expect(ar.subject).toBe('نقل الحالة MD-CU-2026-000042: مرفوض');
    expect(ar.text).toContain('السبب المذكور: Family moved');
    expect(renderMessage(moved, 'fr', 'en', transfer('cancelled')).subject).toBe('Transfert du cas MD-CU-2026-000042 : annulé');
    // A status the pack does not name yet shows as it is rather than as nothing.
    expect(renderMessage(moved, 'ar', 'en', transfer('expired')).subject).toBe('نقل الحالة MD-CU-2026-000042: expired');
    for (const id of ['referral_to_authorise', 'transfer_requested']) {
      const m = renderMessage(
        pack.notifications.templates[id],
        'ar',
        'en',
        id === 'transfer_requested' ? transfer('pending') : referral('awaiting_authorisation'),
      );
      expect(m.subject).toContain('MD-CU-2026-000042');
      expect(m.text).toMatch(/^مرحبًا Maria،/);
    }
  });

  it('prints the Arabic referral form right to left, numbers and addresses kept left to right', () => {
    const form: ReferralFormContext = {
      case: { number: 'MD-CH-2026-000001' },
      referral: {
        service: 'الرعاية الصحية',
        provider: 'المركز الصحي في بوبوييتش',
        status: 'sent',
        reason: 'Vaccination <check>',
        urgency: null,
        sentAt: new Date('2026-03-04T08:30:00Z'),
        respondBy: null,
        consent: 'ممنوحة',
      },
      provider: { name: 'المركز الصحي في بوبوييتش', phone: '+373 22 000 101', email: null, address: null, person: null },
      referrer: { name: 'Elena Cojocaru', agency: null, email: 'elena@example.md', phone: null },
      sections: [{ title: 'التسجيل', fields: [{ label: 'الاسم الأول', value: 'Cristina' }] }],
      generatedAt: new Date('2026-03-04T09:00:00Z'),
    };
    const m = renderMessage(pack.notifications.templates.referral_form, 'ar', 'en', form);
    expect(m.html).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
    expect(m.html).toContain('<h1>استمارة إحالة: الحالة <bdi>MD-CH-2026-000001</bdi></h1>');
    expect(m.html).toContain('<br><bdi>+373 22 000 101</bdi>');
    expect(m.html).toContain('<dt>الاسم الأول</dt><dd dir="auto">Cristina</dd>');
    expect(m.html).toContain('Vaccination &lt;check&gt;');
    expect(m.text).toContain('المُحيل: Elena Cojocaru');
  });

  it('shows the assessment summary on escalations only when there is one, escaped in HTML', () => {
    const def = pack.notifications.templates.deadline_escalation;
    const withSummary = renderMessage(def, 'ro', 'en', contexts.deadline_escalation);
    expect(withSummary.text).toContain('Concluziile evaluării inițiale:\nFamily <visited> & safe');
    expect(withSummary.html).toContain('<h2 style="font-size: 1.1em">Concluziile evaluării inițiale</h2>');
    expect(withSummary.html).toContain('Family &lt;visited&gt; &amp; safe');
    expect(withSummary.subject).not.toContain('Family');
    // Arabic mail reads right to left, the case number kept left to right inside it.
    const arabic = renderMessage(def, 'ar', 'en', contexts.deadline_escalation);
    expect(arabic.text).toContain('ملخّص التقييم الأولي:\nFamily <visited> & safe');
    expect(arabic.html).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
    expect(arabic.html).toContain('<bdi>MD-CU-2026-000042</bdi>');
    const without = renderMessage(def, 'en', 'en', deadline());
    expect(without.text).not.toContain('Summary of the initial assessment');
    expect(without.html).not.toContain('<h2');
  });
});
