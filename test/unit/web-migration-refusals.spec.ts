import { readFileSync } from 'node:fs';
import path from 'node:path';
import { initialDraft, type MigrationOutline } from '../../apps/web/src/pages/migration/plan-model';
import { refusalText } from '../../apps/web/src/pages/migration/refusal-text';
import { translate } from '../../apps/web/src/translate';

/** A refused migration plan's reasons in the reader's language, naming steps, forms and fields by their labels (refusal-text.ts). */
describe('web app: why a migration plan was refused, in words', () => {
  const dir = path.join(__dirname, '..', '..', 'apps', 'web', 'src', 'locales');
  const messages = (l: string) => JSON.parse(readFileSync(path.join(dir, `migration-refusals-${l}.json`), 'utf8'));
  const MESSAGES = { en: messages('en'), fr: messages('fr'), ro: messages('ro'), ar: messages('ar') };
  const t = (locale: string) => (key: string, vars?: Record<string, string | number>) => translate(locale, key, vars, MESSAGES);
  const side = (version: number, steps: Array<[string, string]>, fields: Record<string, string>) => ({
    version,
    versionId: version,
    steps: steps.map(([id, label]) => ({ id, label })),
    deadlines: [],
    forms: [
      {
        id: 'registration',
        version,
        title: 'Enregistrement',
        schema: { properties: Object.fromEntries(Object.entries(fields).map(([id, title]) => [id, { type: 'string', title }])), required: Object.keys(fields) },
      },
    ],
  });
  const outline = {
    from: { ...side(1, [['assessment', 'Évaluation']], { name: 'Nom' }), openCases: 3, closedCases: 0 },
    to: { ...side(2, [['first_assessment', 'Première évaluation']], { name: 'Nom', school: 'École' }), openCases: 0, closedCases: 0 },
    runs: [],
  } as unknown as MigrationOutline;
  const draft = { ...initialDraft(outline), steps: { assessment: 'gone' } };

  it('words each reason the API gives with the labels its path names, in French', () => {
    const fr = t('fr');
    expect(
      refusalText({ path: '/steps/assessment', message: 'version 2 has no step "gone"', keyword: 'migration_unknown_new_step' }, outline, draft, fr),
    ).toEqual({
      text: 'La version 2 n’a pas d’étape « gone » : choisissez l’une de ses étapes.',
      translated: true,
    });
    expect(refusalText({ path: '/newFields/registration/school', message: '…', keyword: 'migration_new_field_unhandled' }, outline, draft, fr).text).toBe(
      '« École » est nouveau et obligatoire dans le formulaire « Enregistrement » : donnez-lui une valeur par défaut ou faites-en une tâche.',
    );
  });

  it("keeps the server's words for a reason it has no text for", () => {
    expect(refusalText({ path: '/deadlines', message: 'must be recompute or keep', keyword: 'enum' }, outline, draft, t('ar'))).toEqual({
      text: 'must be recompute or keep',
      translated: false,
    });
  });

  it('has every reason in English, French, Romanian and Arabic', () => {
    const keys = Object.keys(MESSAGES.en).sort();
    expect(keys.length).toBeGreaterThan(8);
    for (const l of ['fr', 'ro', 'ar'] as const) expect(Object.keys(MESSAGES[l]).sort()).toEqual(keys);
  });
});
