import { decideTransition, listTransitions } from '@app/workflow';
import { formIncomplete, reason } from '../../libs/workflow/src/messages';
import { buildPack, snapshot, submission, teacher, worker } from '../../libs/workflow/src/testing/pack-builder';

/**
 * Why an action is not possible, as the worker reads it under the button: the form by its title in
 * their language (not its id), the count in words that agree with it, and in Romanian for the
 * Moldova pack's users (not English).
 */
describe('transition refusal reasons', () => {
  const titled = (id: string, title: Record<string, string>) => ({ id, version: 1, title, schema: { type: 'object', properties: {} } });
  const pack = buildPack({
    forms: [
      titled('registration', { en: 'Child registration', fr: 'Enregistrement de l’enfant', ro: 'Înregistrarea copilului' }),
      titled('follow_up_visit', { en: 'Follow-up visit', fr: 'Visite de suivi', ro: 'Vizită de monitorizare' }),
    ],
  });
  const opts = (locale: string) => ({ now: new Date('2024-03-05T10:00:00.000Z'), locale });
  const blocked = (locale: string) => listTransitions(pack, snapshot(['registration']), worker, opts(locale))[0].reasons;

  it("names the form by its title in the user's language, one entry in the singular", () => {
    expect(blocked('en')).toEqual([
      {
        code: 'form_incomplete',
        message: 'Form "Child registration" needs 1 complete entry (0 so far).',
        detail: { form: 'registration', required: 1, entries: 0 },
      },
    ]);
    expect(blocked('fr')[0].message).toBe('Le formulaire « Enregistrement de l’enfant » doit avoir 1 saisie complète (0 pour l’instant).');
    expect(blocked('ro')[0].message).toBe('Formularul „Înregistrarea copilului” necesită 1 înregistrare completă (0 până acum).');
    // Arabic, with the form's English title when the pack has none in Arabic (as the form itself shows it).
    expect(blocked('ar')[0].message).toBe('تحتاج الاستمارة «Child registration» إلى إدخال مكتمل واحد (0 حتى الآن).');
    // A language the core has no text in: English, with the form's English title.
    expect(blocked('de')[0].message).toBe('Form "Child registration" needs 1 complete entry (0 so far).');
  });

  it('several entries in the plural of each language', () => {
    const oneVisit = snapshot(['registration', 'assessment', 'planning'], { submissions: [submission('care_plan'), submission('follow_up_visit')] });
    const message = (locale: string) => {
      const d = decideTransition(pack, oneVisit, worker, 'approve_plan', opts(locale));
      return d.allowed ? '' : d.reasons.find((r) => r.detail?.form === 'follow_up_visit')?.message;
    };
    expect(message('en')).toBe('Form "Follow-up visit" needs 2 complete entries (1 so far).');
    expect(message('fr')).toBe('Le formulaire « Visite de suivi » doit avoir 2 saisies complètes (1 pour l’instant).');
    expect(message('ro')).toBe('Formularul „Vizită de monitorizare” necesită 2 înregistrări complete (1 până acum).');
    expect(formIncomplete('ro', 'x', 'Vizită', 20, 3).message).toBe('Formularul „Vizită” necesită 20 de înregistrări complete (3 până acum).');
    // Arabic's own forms: two, a few (3 to 10), many (11 to 99).
    expect(formIncomplete('ar', 'x', 'زيارة', 2, 1).message).toBe('تحتاج الاستمارة «زيارة» إلى إدخالين مكتملين (1 حتى الآن).');
    expect(formIncomplete('ar', 'x', 'زيارة', 3, 1).message).toBe('تحتاج الاستمارة «زيارة» إلى 3 إدخالات مكتملة (1 حتى الآن).');
    expect(formIncomplete('ar', 'x', 'زيارة', 11, 1).message).toBe('تحتاج الاستمارة «زيارة» إلى 11 إدخالًا مكتملًا (1 حتى الآن).');
    // A form the pack does not define (no title): its id.
    expect(formIncomplete('en', 'closure', '', 2, 0).message).toBe('Form "closure" needs 2 complete entries (0 so far).');
  });

  it('core reasons are in Arabic for Arabic users', () => {
    const d = decideTransition(pack, snapshot(['registration'], { submissions: [submission('registration')] }), teacher, 'start_assessment', opts('ar'));
    expect(!d.allowed && d.reasons.map((r) => r.message)).toEqual(['لا يسمح دورك بهذا الإجراء.']);
  });

  it('core reasons are in Romanian (and Arabic) for their users', () => {
    const d = decideTransition(pack, snapshot(['registration'], { submissions: [submission('registration')] }), teacher, 'start_assessment', opts('ro'));
    expect(!d.allowed && d.reasons.map((r) => r.message)).toEqual(['Rolul dumneavoastră nu permite această acțiune.']);
    const codes = ['unknown_transition', 'wrong_step', 'case_closed', 'role_not_allowed', 'guard_error', 'approval_pending', 'approval_not_allowed'];
    codes.push('self_approval', 'no_pending_approval', 'no_previous_step', 'unknown_step', 'unknown_form', 'form_not_available', 'unknown_case_type');
    for (const code of codes) {
      for (const locale of ['ro', 'ar', 'fr']) {
        const text = reason(code, locale).message;
        expect([code, locale, text]).not.toEqual([code, locale, reason(code, 'en').message]);
        expect([code, locale, text]).not.toEqual([code, locale, code]);
      }
    }
  });
});
