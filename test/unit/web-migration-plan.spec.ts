import { readFileSync } from 'node:fs';
import path from 'node:path';
import { initialDraft, newRequiredFields, problemsAt, toPlan, type MigrationOutline } from '../../apps/web/src/pages/migration/plan-model';
import { translate } from '../../apps/web/src/translate';

/**
 * The migration page's plan (apps/web/src/pages/migration/plan-model.ts): what it pre-fills from two
 * versions, the plan JSON it sends, and where a refusal is shown; and its texts read whole in every language.
 */
describe('web app: the case migration plan editor', () => {
  const form = (id: string, props: Record<string, object>, required: string[]) => ({ id, version: 1, title: id, schema: { properties: props, required } });
  const side = (steps: string[], forms: ReturnType<typeof form>[]) => ({
    version: 0,
    versionId: 0,
    steps: steps.map((id) => ({ id, label: id })),
    deadlines: [],
    forms,
  });
  const outline = {
    from: {
      ...side(
        ['registration', 'assessment', 'closed'],
        [form('registration', { name: { type: 'string' }, dob_guess: { type: 'boolean', title: 'DOB estimated' } }, ['name'])],
      ),
      version: 1,
      openCases: 3,
      closedCases: 0,
    },
    to: {
      ...side(
        ['registration', 'first_assessment', 'closed'],
        [
          form(
            'registration',
            {
              name: { type: 'string' },
              dob_estimated: { type: 'boolean', title: 'DOB estimated' },
              registered: { type: 'boolean', title: 'Registered' },
              nationality: { type: 'string' },
            },
            ['name', 'registered', 'nationality', 'dob_estimated'],
          ),
        ],
      ),
      version: 2,
    },
    runs: [],
  } as unknown as MigrationOutline;

  it('keeps the steps that still exist, leaves the renamed ones to the administrator, and suggests a rename of the field with the same label and type', () => {
    const draft = initialDraft(outline);
    expect(draft.steps).toEqual({ registration: 'registration', assessment: '', closed: 'closed' });
    expect(draft.fields).toEqual({ registration: { dob_guess: 'dob_estimated' } });
    expect(draft.suggested).toEqual(['registration.dob_guess']);
    // The renamed field carries answers over: only the two really new required fields need a choice.
    expect(newRequiredFields(draft, outline).map((n) => n.field.id)).toEqual(['registered', 'nationality']);
    expect(Object.keys(draft.newFields.registration)).toEqual(['registered', 'nationality']);
  });

  it('sends only what differs from the defaults, and a field without a default yet is left out (so the API names it)', () => {
    const draft = initialDraft(outline);
    draft.steps.assessment = 'first_assessment';
    draft.newFields.registration.registered = { kind: 'task' };
    expect(toPlan(draft)).toEqual({
      fromVersion: 1,
      toVersion: 2,
      steps: { assessment: 'first_assessment' },
      fields: { registration: { dob_guess: 'dob_estimated' } },
      newFields: { registration: { registered: { task: true } } },
      deadlines: 'recompute',
    });
    draft.newFields.registration.nationality = { kind: 'default', value: 'MD' };
    draft.fields.registration.dob_guess = '';
    expect(toPlan(draft).newFields).toEqual({ registration: { registered: { task: true }, nationality: { default: 'MD' } } });
    expect(toPlan(draft).fields).toBeUndefined();
  });

  it('finds the refusals of one part of the plan by its JSON pointer, ids with / or ~ escaped', () => {
    const errors = [
      { path: '/newFields/registration/nationality/default', message: 'too short' },
      { path: '/newFields/registration/nationality_code', message: 'other field' },
      { path: '/steps/a~1b', message: 'no step' },
    ];
    expect(problemsAt(errors, 'newFields', 'registration', 'nationality')).toEqual(['too short']);
    expect(problemsAt(errors, 'steps', 'a/b')).toEqual(['no step']);
  });

  it('has texts that read whole in every language (no placeholder left, plurals resolved)', () => {
    const dir = path.join(__dirname, '../../apps/web/src/locales');
    const vars = { n: 2, version: 1, from: 1, to: 2, first: 1, last: 2, total: 3, done: 1, at: 'x', date: 'x', status: 'x', moved: 1, cannotMove: 1 };
    const texts = Object.fromEntries(['en', 'fr', 'ro', 'ar'].map((l) => [l, JSON.parse(readFileSync(path.join(dir, `migration-${l}.json`), 'utf8'))]));
    const keys = Object.keys(texts.en);
    expect(keys.length).toBeGreaterThan(50);
    for (const locale of Object.keys(texts)) {
      for (const key of keys) {
        const text = translate(
          locale,
          key,
          { ...vars, field: 'f', form: 'g', step: 's', reason: 'r', value: 'v', deadline: 'd', before: 'b', after: 'a' },
          texts,
        );
        expect([locale, key, /[{}]/.test(text)]).toEqual([locale, key, false]);
      }
    }
  });
});
