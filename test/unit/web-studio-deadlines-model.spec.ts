import * as path from 'node:path';
import { applyPatch as applyOnServer } from '../../libs/sop-drafts/src/json-patch';
import { lintPack, readPackDir, validatePack } from '@app/sop';
import { draftForms, elementOf, formEdit, isNewInDraft } from '../../apps/web/src/pages/studio/draft-model';
import {
  addDeadline,
  changeAnchor,
  deadlineChoices,
  deadlineIdFor,
  namedPointers,
  removeDeadline,
  setEscalations,
} from '../../apps/web/src/pages/studio/deadline-model';
import { addForm, addOption, changeType, fieldReferences, fieldsUsingList, renameInForm } from '../../apps/web/src/pages/studio/field-model';

/** The patch applied as the server applies it. */
const applyPatch = (files: Record<string, unknown>, ops: unknown[]) => applyOnServer(files, ops as any).files as Record<string, any>;
const MOLDOVA = path.resolve(__dirname, '../../sops/moldova');

/** The Moldova pack without its plugins (not installed here), as a draft holds it. */
async function moldova(): Promise<Record<string, any>> {
  const files: Record<string, any> = await readPackDir(MOLDOVA);
  return { ...files, 'pack.json': { ...files['pack.json'], plugins: [] } };
}
/** Every validation and lint error, as `code file path`. */
const errors = (files: Record<string, any>) => {
  const { pack, issues } = validatePack(files as any);
  return [...issues, ...(pack ? lintPack(pack) : [])].filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.file} ${i.path}`);
};
let baseline: Set<string>;
/** The errors the edit brought (without its plugins, the pack has some of its own: the plugins' roles' subjects). */
const findings = (files: Record<string, any>) => errors(files).filter((e) => !baseline.has(e));
beforeAll(async () => {
  baseline = new Set(errors(await moldova()));
});

describe('The studio: deadlines and field settings as JSON Patch', () => {
  it('adds a deadline (started by entering a step, stopped by a form, 12 h at high risk, 3 days otherwise) with an escalation to the supervisor; the pack stays valid', async () => {
    const files = await moldova();
    const label = { en: 'Safety plan within 3 days', fr: 'Plan de sécurité sous 3 jours', ro: 'Plan de siguranță în 3 zile', ar: 'خطة السلامة خلال 3 أيام' };
    const id = deadlineIdFor(files, label);
    expect(id).toBe('safety_plan_within_3_days');
    const ops = addDeadline(
      {
        id,
        label,
        caseType: 'child_protection',
        anchor: { event: 'step_entered', step: 'case_planning', form: 'ignored' },
        closeOn: { event: 'form_submitted', form: 'care_plan' },
        due: { days: 3 },
        byRisk: { high: { hours: 12 } },
        escalation: [{ afterOverdue: { hours: 6 }, notify: ['supervisor'], template: 'deadline_escalation' }],
      },
      files['deadlines.json'].deadlines.length,
    );
    const { files: after, touched } = applyOnServer(files, ops as any) as { files: Record<string, any>; touched: string[] };
    // The change log names the new deadline by its label, not the file (the server touched the whole list).
    const words = { field: String, form: String, deadline: (d: string) => `deadline ${d}`, step: String, file: (f: string) => `file ${f}` };
    expect(touched.map((p) => elementOf(after, p, 'ro', words))).toEqual(['file deadlines.json']);
    expect(namedPointers({ operations: ops, touched }).map((p) => elementOf(after, p, 'ro', words))).toEqual([`deadline ${label.ro}`]);
    const added = after['deadlines.json'].deadlines.at(-1);
    expect(added).toEqual({
      id,
      label,
      caseTypes: ['child_protection'],
      anchor: { event: 'step_entered', step: 'case_planning' },
      due: [{ when: { '==': [{ var: 'case.risk' }, 'high'] }, after: { hours: 12 } }, { after: { days: 3 } }],
      closeOn: [{ event: 'form_submitted', form: 'care_plan' }],
      escalation: [{ afterOverdue: { hours: 6 }, notify: ['supervisor'], template: 'deadline_escalation' }],
    });
    expect(findings(after)).toEqual([]);
    // A second deadline with the same name gets an id of its own.
    expect(deadlineIdFor(after, label)).toBe('safety_plan_within_3_days_2');
  });

  it('changes an anchor, escalations and removes a deadline; a step that does not exist is an error on the anchor', async () => {
    const files = await moldova();
    const i = files['deadlines.json'].deadlines.findIndex((d: any) => d.id === 'notification_processing');
    const moved = applyPatch(files, changeAnchor(i, { event: 'form_submitted', form: 'notification', step: 'x' }));
    expect(moved['deadlines.json'].deadlines[i].anchor).toEqual({ event: 'form_submitted', form: 'notification' });
    expect(findings(moved)).toEqual([]);
    const wrong = applyPatch(files, changeAnchor(i, { event: 'step_entered', step: 'nowhere' }));
    expect(findings(wrong)).toContainEqual(expect.stringMatching(new RegExp(`^unknown_step deadlines.json \\$\\.deadlines\\[${i}\\]\\.anchor\\.step`)));

    const escalated = applyPatch(files, setEscalations(i, true, [{ afterOverdue: { days: 1 }, notify: ['case_owner_supervisor', 'district_authority'] }]));
    expect(escalated['deadlines.json'].deadlines[i].escalation).toEqual([
      { afterOverdue: { days: 1 }, notify: ['case_owner_supervisor', 'district_authority'] },
    ]);
    expect(applyPatch(files, setEscalations(i, true, []))['deadlines.json'].deadlines[i].escalation).toBeUndefined();
    expect(setEscalations(i, false, [])).toEqual([]);

    const removed = applyPatch(files, removeDeadline(i));
    expect(removed['deadlines.json'].deadlines.map((d: any) => d.id)).not.toContain('notification_processing');
    expect(findings(removed)).toEqual([]);
  });

  it('names the pack’s things by label: steps, forms, date fields of a form, roles, templates', async () => {
    const c = deadlineChoices(await moldova(), 'ro');
    expect(c.steps.find((s) => s.value === 'notification_received')?.label).toBe('Sesizare recepționată');
    expect(c.risks.map((r) => r.label)).toEqual(['Înalt', 'Mediu', 'Scăzut']);
    expect(c.dateFields('care_plan').map((f) => f.value)).toContain('review_date');
    expect(c.dateFields('care_plan').every((f) => f.label !== f.value)).toBe(true);
    expect(c.templates).toContain('deadline_escalation');
    expect(c.roles.find((r) => r.value === 'supervisor')?.label).toBeTruthy();
  });

  it('renames a field and every reference to it in the same patch: rules, role and report lists, {form, field}, demo answers; the pack stays valid', async () => {
    const files = await moldova();
    const refs = fieldReferences(files, 'registration', 'date_of_birth', 'birth_date');
    const inFiles = new Set(refs.map((r) => decodeURIComponent(r.pointer.split('/')[1])));
    expect(inFiles).toEqual(new Set(['pack.json', 'roles.json', 'reporting.json', 'data-quality.json', 'demo-cases.json']));
    const form = draftForms(files).find((f) => f.id === 'registration')!;
    const ops = [...formEdit(form, false, renameInForm(form, files[form.file], 'date_of_birth', 'birth_date')), ...refs.map((r) => r.operation)];
    const after = applyPatch(files, ops);
    const v2 = after['forms/registration.v2.json'];
    expect(v2.schema.properties.birth_date).toEqual(files[form.file].schema.properties.date_of_birth);
    expect(v2.schema.properties.date_of_birth).toBeUndefined();
    expect(v2.schema.required).toContain('birth_date');
    expect(v2.uiSchema['ui:order']).toContain('birth_date');
    const rest = JSON.stringify(Object.entries(after).filter(([f]) => !f.startsWith('forms/')));
    expect(rest).not.toMatch(/registration\.date_of_birth|"date_of_birth"/);
    expect(findings(after)).toEqual([]);

    // Without the references, the checks find them.
    const alone = applyPatch(files, formEdit(form, false, renameInForm(form, files[form.file], 'date_of_birth', 'birth_date')));
    expect(findings(alone).length).toBeGreaterThan(0);
  });

  it("changes a field's type: a date anchor that is no longer a date is an error on the deadline", async () => {
    const files = await moldova();
    const form = draftForms(files).find((f) => f.id === 'care_plan')!;
    const schema = files[form.file].schema.properties.review_date;
    const after = applyPatch(files, formEdit(form, false, changeType('review_date', schema, 'text', '')));
    expect(after['forms/care_plan.v2.json'].schema.properties.review_date).toEqual({ type: 'string', title: schema.title, 'x-label': schema['x-label'] });
    const i = files['deadlines.json'].deadlines.findIndex((d: any) => d.id === 'care_plan_review');
    expect(findings(after)).toContain(`not_a_date_field deadlines.json $.deadlines[${i}].anchor.field`);
  });

  it('adds a form (version 1, listed in the pack, filled at a step); fields then go into it without a new version', async () => {
    const files = await moldova();
    const title = { en: 'School report', fr: 'Rapport scolaire', ro: 'Raport școlar', ar: 'تقرير مدرسي' };
    const ops = addForm(files, { id: 'school_report', title, step: 'case_planning', use: 'optional' });
    const after = applyPatch(files, ops);
    const change = { revision: 2, kind: 'edited' as const, operations: ops, touched: [], note: null, changedBy: 'admin', changedAt: '' };
    expect(isNewInDraft('forms/school_report.v1.json', [change])).toBe(true);
    expect(after['forms/school_report.v1.json']).toEqual({ id: 'school_report', version: 1, title, schema: { type: 'object', properties: {} } });
    expect(after['pack.json'].forms.at(-1)).toEqual({ id: 'school_report', version: 1 });
    expect(after['workflow.json'].steps.find((s: any) => s.id === 'case_planning').forms).toContainEqual({ form: 'school_report', use: 'optional' });
    expect(findings(after)).toEqual([]);
    // A step without forms gets its list.
    const bare = applyPatch(files, addForm(files, { id: 'closing_note', title, step: 'closed', use: 'required' }));
    expect(bare['workflow.json'].steps.find((s: any) => s.id === 'closed').forms).toEqual([{ form: 'closing_note', use: 'required' }]);
  });

  it('adds an option to a list, with its label in every language; the list may be shared', async () => {
    const files = await moldova();
    expect(fieldsUsingList(files, 'risk_levels')).toBeGreaterThanOrEqual(1);
    const entry = { value: 'very_high', label: { en: 'Very high', fr: 'Très élevé', ro: 'Foarte înalt', ar: 'مرتفعة جدًا' } };
    const after = applyPatch(files, addOption('risk_levels', entry, 3));
    expect(after['option-lists.json'].optionLists.risk_levels.at(-1)).toEqual(entry);
    expect(findings(after)).toEqual([]);
  });
});
