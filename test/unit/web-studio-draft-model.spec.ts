import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyPatch as applyOnServer } from '../../libs/sop-drafts/src/json-patch';
import {
  addedFieldLabels,
  addField,
  DraftChange,
  draftForms,
  elementOf,
  ElementWords,
  findingsAt,
  formEdit,
  isNewInDraft,
  durationOf,
  offsetOf,
  removeField,
  riskOf,
} from '../../apps/web/src/pages/studio/draft-model';

/** The patch applied as the server applies it. */
const applyPatch = (files: Record<string, unknown>, ops: unknown[]) => applyOnServer(files, ops as any).files as Record<string, any>;
const MOLDOVA = path.resolve(__dirname, '../../sops/moldova');
const FORMS = path.resolve(__dirname, '../../forms');
const read = (dir: string, file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
const files = (): Record<string, any> => ({
  'pack.json': read(MOLDOVA, 'pack.json'),
  'deadlines.json': read(MOLDOVA, 'deadlines.json'),
  'forms/registration.v1.json': read(FORMS, 'registration.v1.json'),
});
const words: ElementWords = {
  field: (field, form) => `field ${field} of ${form}`,
  form: (form) => `form ${form}`,
  deadline: (d) => `deadline ${d}`,
  step: (s) => `step ${s}`,
  file: (f) => `file ${f}`,
};
const field = { id: 'school_name', type: 'text' as const, label: { en: 'School', fr: 'École' }, required: true, sensitive: false, optionList: '' };
const change = (operations: any[]): DraftChange => ({ revision: 2, kind: 'edited', operations, touched: [], note: null, changedBy: 'admin', changedAt: '' });

describe('The studio: JSON Patch of a draft, elements by label', () => {
  it('moves a published form to its next version in the same patch as the first edit, then edits that version in place', () => {
    const before = files();
    const [registration] = draftForms(before).filter((f) => f.id === 'registration');
    const ops = formEdit(registration, isNewInDraft(registration.file, []), addField(registration, field));
    const after = applyPatch(before, ops);
    expect(after['forms/registration.v1.json']).toBeUndefined();
    expect(after['forms/registration.v2.json']).toMatchObject({
      version: 2,
      schema: { properties: { school_name: { type: 'string', 'x-label': field.label } } },
    });
    expect(after['forms/registration.v2.json'].schema.required).toContain('school_name');
    expect(after['pack.json'].forms.find((f: any) => f.id === 'registration').version).toBe(2);

    // The draft added v2 itself: the next edit changes it, no v3.
    const v2 = draftForms(after).find((f) => f.id === 'registration')!;
    expect(isNewInDraft(v2.file, [change(ops)])).toBe(true);
    const removed = applyPatch(after, formEdit(v2, true, removeField(v2, 'school_name')));
    expect(Object.keys(removed).filter((f) => f.startsWith('forms/'))).toEqual(['forms/registration.v2.json']);
    expect(removed['forms/registration.v2.json'].schema.properties.school_name).toBeUndefined();
    expect(removed['forms/registration.v2.json'].schema.required).not.toContain('school_name');
  });

  it('names elements by their labels, a removed field by the label it was added with, never by ids', () => {
    const f = files();
    expect(elementOf(f, '/forms~1registration.v1.json/schema/properties/first_name/x-label', 'fr', words)).toBe('field Prénom of Enregistrement');
    expect(elementOf(f, '/deadlines.json/deadlines/0/due/0/after', 'en', words)).toBe('deadline Response according to the risk level');
    expect(elementOf(f, '/pack.json/forms/1/version', 'en', words)).toBe('form Registration');
    const added = addedFieldLabels([
      change([{ op: 'add', path: '/forms~1registration.v2.json/schema/properties/gone', value: { 'x-label': { en: 'Gone' } } }]),
    ]);
    expect(elementOf(f, '/forms~1registration.v2.json/schema/properties/gone', 'en', words, added)).toBe('field Gone of Registration');
  });

  it('reads the risk level of a due offset and its number and unit; finds the findings inside an element', () => {
    const due = files()['deadlines.json'].deadlines[0].due;
    expect(due.map((d: any) => riskOf(d.when))).toEqual(['high', 'medium', null]);
    expect(riskOf({ '>': [1, 0] })).toBeUndefined();
    expect(due.map((d: any) => offsetOf(d.after))).toEqual([
      { n: 48, unit: 'hours' },
      { n: 5, unit: 'days' },
      { n: 10, unit: 'days' },
    ]);
    // A deadline counted in working days stays so when its number changes.
    expect(durationOf(4, 'days', { days: 3, workingDays: true })).toEqual({ days: 4, workingDays: true });
    expect(durationOf(24, 'hours', { hours: 48 })).toEqual({ hours: 24 });
    const finding = (pointer: string) => ({ pointer, file: '', path: '', code: 'x', severity: 'error' as const, message: '' });
    const at = '/forms~1a.v1.json/schema/properties/age';
    expect(findingsAt([finding(`${at}/x-optionList`), finding(at), finding(`${at}_2`)], at).map((f) => f.pointer)).toEqual([`${at}/x-optionList`, at]);
  });
});
