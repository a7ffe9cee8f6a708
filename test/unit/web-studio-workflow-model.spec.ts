import { moldovaFiles, validateWithInstalledPlugins } from '../support/reference-pack';
import { applyPatch as applyOnServer } from '../../libs/sop-drafts/src/json-patch';
import type { DraftChange } from '../../apps/web/src/pages/studio/draft-model';
import {
  addStep,
  addTransition,
  guardFields,
  removeStep,
  removeTransition,
  renameStep,
  replaceTransition,
  setStepForms,
  StepDef,
  TransitionDef,
  transitionsAt,
  workflowElementOf,
} from '../../apps/web/src/pages/studio/workflow-model';

/** The patch applied as the server applies it. */
const applyPatch = (files: Record<string, unknown>, ops: unknown[]) => applyOnServer(files, ops as any).files as Record<string, any>;
const STEP: StepDef = {
  id: 'family_conference',
  label: { en: 'Family conference', fr: 'Conférence familiale', ro: 'Conferința familiei', ar: 'اجتماع العائلة' },
  kind: 'terminal',
};
const MOVE: TransitionDef = {
  id: 'hold_family_conference',
  label: { en: 'Hold a family conference', fr: 'Tenir une conférence', ro: 'Organizează conferința', ar: 'عقد الاجتماع' },
  from: ['initial_assessment'],
  to: STEP.id,
  roles: ['caseworker'],
  guards: [{ rule: { '==': [{ var: 'forms.initial_assessment.risk_level' }, 'high'] }, message: { en: 'High risk only', fr: 'f', ro: 'r', ar: 'ع' } }],
};
const t = (key: string, vars: Record<string, string | number> = {}) => `${key.split('.').pop()} ${Object.values(vars).join(' ')}`;
const change = (operations: any[]): DraftChange => ({ revision: 2, kind: 'edited', operations, touched: [], note: null, changedBy: 'admin', changedAt: '' });
/** The validator's errors as `code file JSONPath`, with the installed plugins attached as the draft API does. */
const errors = (files: Record<string, any>) =>
  validateWithInstalledPlugins(files as any)
    .issues.filter((i) => i.severity === 'error')
    .map((i) => `${i.code} ${i.file} ${i.path}`);

describe('The studio workflow editor: JSON Patch of steps and transitions, answers a guard can test', () => {
  let moldova: Record<string, any>;
  beforeAll(async () => {
    moldova = (await moldovaFiles()) as Record<string, any>;
  });

  it("offers every answer of the forms with a picker for its type, and the case's risk with the risk field's options", () => {
    const fields = guardFields(moldova);
    const at = (p: string) => fields.find((f) => f.path === p);
    expect(at('case.risk')).toMatchObject({ source: 'case', kind: 'choice', label: { en: 'Risk level' } });
    expect(at('case.risk')!.options.map((o) => o.value)).toEqual(['high', 'medium', 'low']);
    expect(at('forms.initial_assessment.risk_level')).toMatchObject({ source: 'initial_assessment', kind: 'choice' });
    expect(at('forms.initial_assessment.protection_concerns')?.kind).toBe('choices');
    expect(at('forms.initial_assessment.child_seen')?.kind).toBe('yesno');
    expect(at('forms.initial_assessment.assessment_date')?.kind).toBe('date');
    expect(at('forms.initial_assessment.summary')?.kind).toBe('text');
    // Only forms listed in the pack, at the version it lists (transfer is at version 2).
    expect(fields.every((f) => f.source === 'case' || moldova['pack.json'].forms.some((x: any) => x.id === f.source))).toBe(true);
  });

  it('adds a step and a transition to it that the validator accepts; removing the step leaves an error on that transition, fixed by leading elsewhere', () => {
    expect(errors(moldova)).toEqual([]);
    let files = applyPatch(moldova, [...addStep(STEP), ...addTransition(MOVE)]);
    expect(errors(files)).toEqual([]);
    const steps = files['workflow.json'].steps;
    const i = steps.findIndex((s: any) => s.id === STEP.id);
    expect(transitionsAt(files, STEP.id).map((x) => x.id)).toEqual([MOVE.id]);

    files = applyPatch(files, removeStep(i, STEP));
    const j = files['workflow.json'].transitions.findIndex((x: any) => x.id === MOVE.id);
    expect(errors(files)).toEqual([`unknown_step workflow.json $.transitions[${j}].to`]);

    files = applyPatch(files, replaceTransition(j, files['workflow.json'].transitions[j], { ...MOVE, to: 'case_planning' }));
    expect(errors(files)).toEqual([]);
    expect(files['workflow.json'].transitions[j]).toEqual({ ...MOVE, to: 'case_planning' });
  });

  it('refuses to change or remove an element that is no longer the one shown', () => {
    const files = applyPatch(moldova, addStep(STEP));
    const i = files['workflow.json'].steps.length - 1;
    expect(() => applyPatch(files, removeStep(i, { ...STEP, kind: 'normal' }))).toThrow(/test/i);
    expect(() => applyPatch(files, renameStep(i - 1, STEP, { en: 'x' }))).toThrow(/test/i);
    const k = moldova['workflow.json'].transitions.length - 1;
    expect(() => applyPatch(moldova, removeTransition(k, MOVE))).toThrow(/test/i);
    expect(applyPatch(files, renameStep(i, STEP, { ...STEP.label, en: 'Family group conference' }))['workflow.json'].steps[i].label.en).toBe(
      'Family group conference',
    );
  });

  it('names steps and transitions by their labels, in findings and in the change log, also once removed', () => {
    const files = applyPatch(moldova, [...addStep(STEP), ...addTransition(MOVE)]);
    const j = files['workflow.json'].transitions.length - 1;
    // A finding inside a transition (its guard's rule).
    expect(workflowElementOf(files, `/workflow.json/transitions/${j}/guards/0/rule`, 'fr', t)).toBe('transition Tenir une conférence');
    expect(workflowElementOf(files, '/workflow.json/steps/0', 'en', t)).toBe('step Notification received');
    // The change log: the array an addition touched is named by what it added.
    expect(workflowElementOf(files, '/workflow.json/steps', 'en', t, change(addStep(STEP)))).toBe('step Family conference');
    // A removed transition: by the one its test saw.
    const removal = change(removeTransition(j, MOVE));
    const after = applyPatch(files, removal.operations);
    expect(workflowElementOf(after, '/workflow.json/transitions', 'en', t, removal)).toBe('transition Hold a family conference');
    expect(workflowElementOf(after, `/workflow.json/transitions/${j}`, 'en', t, removal)).toBe('transition Hold a family conference');
    // Elsewhere: left to the studio's other names.
    expect(workflowElementOf(files, '/deadlines.json/deadlines/0', 'en', t)).toBeNull();
    expect(workflowElementOf(files, '/workflow.json/transitions/999', 'en', t)).toBeNull();
  });
  it("sets a step's forms, the first time and after, and a transition's required forms, in patches the validator accepts", () => {
    let files = applyPatch(moldova, addStep(STEP));
    const i = files['workflow.json'].steps.findIndex((s: StepDef) => s.id === STEP.id);
    files = applyPatch(files, setStepForms(i, files['workflow.json'].steps[i], [{ form: 'care_plan', use: 'required' }]));
    expect(files['workflow.json'].steps[i].forms).toEqual([{ form: 'care_plan', use: 'required' }]);
    files = applyPatch(
      files,
      setStepForms(i, files['workflow.json'].steps[i], [
        { form: 'care_plan', use: 'optional' },
        { form: 'follow_up_visit', use: 'repeatable' },
      ]),
    );
    expect(files['workflow.json'].steps[i].forms).toEqual([
      { form: 'care_plan', use: 'optional' },
      { form: 'follow_up_visit', use: 'repeatable' },
    ]);
    files = applyPatch(files, addTransition({ ...MOVE, requiresForms: ['initial_assessment'] }));
    expect(errors(files)).toEqual([]);
    // A step renamed meanwhile by another administrator: the edit is refused rather than landing elsewhere.
    expect(() => applyPatch(files, setStepForms(i, { ...STEP, id: 'other' }, []))).toThrow();
  });
});
