import * as path from 'node:path';
import { LINT_CODE_PARAMS, LINT_CODES, lintPack, readPackDir, validatePack, type PackFiles } from '@app/sop';
import { toFindings } from '../../libs/sop-drafts/src/draft-findings';
import { draftNames, findingVars } from '../../apps/web/src/pages/studio/finding-words';
import { translate } from '../../apps/web/src/translate';
import studioAr from '../../apps/web/src/locales/studio-ar.json';
import studioEn from '../../apps/web/src/locales/studio-en.json';
import studioFr from '../../apps/web/src/locales/studio-fr.json';
import studioRo from '../../apps/web/src/locales/studio-ro.json';
import findingsAr from '../../apps/web/src/locales/studio-findings-ar.json';
import findingsEn from '../../apps/web/src/locales/studio-findings-en.json';
import findingsFr from '../../apps/web/src/locales/studio-findings-fr.json';
import findingsRo from '../../apps/web/src/locales/studio-findings-ro.json';

/** The studio's findings in every language: each lint code has a text in en/fr/ro/ar, filled from the finding's params with the draft's labels. */
const MESSAGES: Record<string, Record<string, string>> = {
  en: { ...studioEn, ...findingsEn },
  fr: { ...studioFr, ...findingsFr },
  ro: { ...studioRo, ...findingsRo },
  ar: { ...studioAr, ...findingsAr },
};
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

describe('studio findings in words', () => {
  it.each(['en', 'fr', 'ro', 'ar'])('%s has a text for every lint code, naming only what the finding carries', (locale) => {
    const missing = LINT_CODES.filter((code) => !MESSAGES[locale][`studio.finding.${code}`]);
    expect(missing).toEqual([]);
    for (const code of LINT_CODES) {
      const carried: readonly string[] = LINT_CODE_PARAMS[code];
      expect([code, placeholders(MESSAGES[locale][`studio.finding.${code}`]).filter((p) => !carried.includes(p))]).toEqual([code, []]);
    }
  });

  it("words a draft's lint findings with its labels in French, never its ids", async () => {
    const files: PackFiles = await readPackDir(path.resolve(__dirname, '../fixtures/lint-corpus/base'));
    const deadlines = files['deadlines.json'] as any;
    const d = deadlines.deadlines[0];
    // Nobody is told about it: deadline_no_recipient, naming the deadline.
    delete d.reminders;
    delete d.escalation;
    const { pack, issues } = validatePack(files);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    const findings = toFindings(lintPack(pack!)).filter((f) => f.code === 'deadline_no_recipient');
    expect(findings).toHaveLength(1);
    const names = draftNames(files, 'fr');
    const text = translate(
      'fr',
      `studio.finding.${findings[0].code}`,
      findingVars(findings[0], names, (c) => c),
      MESSAGES,
    );
    expect(text).toContain(`« ${d.label.fr} »`);
    expect(text).not.toContain(d.id);
    expect(placeholders(text)).toEqual([]);
  });

  it('names lists of roles and steps, a field of a form, and languages by their names', () => {
    const files = {
      'pack.json': { forms: [{ id: 'registration', version: 1 }], caseTypes: [] },
      'forms/registration.v1.json': { title: { en: 'Registration' }, schema: { properties: { phone: { 'x-label': { en: 'Phone', fr: 'Téléphone' } } } } },
      'workflow.json': { steps: [{ id: 'intake', label: { en: 'Intake', fr: 'Accueil' } }], transitions: [] },
      'roles.json': {
        roles: [
          { id: 'teacher', label: { fr: 'Enseignant' } },
          { id: 'nurse', label: { fr: 'Infirmier' } },
        ],
      },
    };
    const vars = findingVars(
      { params: { roles: 'teacher, nurse', steps: 'intake', form: 'registration', field: 'phone', languages: 'fr, ro' } },
      draftNames(files, 'fr'),
      (c) => ({ fr: 'français', ro: 'roumain' })[c] ?? c,
    );
    expect(vars).toEqual({ roles: 'Enseignant, Infirmier', steps: 'Accueil', form: 'Registration', field: 'Téléphone', languages: 'français, roumain' });
  });
});
