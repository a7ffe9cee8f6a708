import { applyPatch } from '../../libs/sop-drafts/src/json-patch';
import { addField, draftForms, removeField } from '../../apps/web/src/pages/studio/draft-model';

/** A form that orders its fields (uiSchema ui:order) keeps listing exactly its fields when the studio adds or removes one: the form renderer refuses an order missing a field. */
describe('studio: a field added to or removed from an ordered form', () => {
  const files = (order: string[]) => ({
    'pack.json': { forms: [{ id: 'registration', version: 1 }] },
    'forms/registration.v1.json': {
      id: 'registration',
      version: 1,
      title: { en: 'Registration' },
      schema: { properties: { name: {}, age: {} } },
      uiSchema: { 'ui:order': order },
    },
  });
  const apply = (f: Record<string, unknown>, ops: unknown[]) => applyPatch(f, ops as any).files as Record<string, any>;
  const add = (f: Record<string, any>) => {
    const form = draftForms(f)[0];
    return apply(f, addField(form, { id: 'school', type: 'text', label: { en: 'School' }, required: true } as any)('/forms~1registration.v1.json'));
  };

  it('lists the new field last, or before the "*" that stands for the rest', () => {
    expect(add(files(['name', 'age']))['forms/registration.v1.json'].uiSchema['ui:order']).toEqual(['name', 'age', 'school']);
    expect(add(files(['name', '*']))['forms/registration.v1.json'].uiSchema['ui:order']).toEqual(['name', 'school', '*']);
  });

  it('drops a removed field from the order', () => {
    const added = add(files(['name', 'age']));
    const removed = apply(added, removeField(draftForms(added)[0], 'name')('/forms~1registration.v1.json'));
    expect(removed['forms/registration.v1.json'].uiSchema['ui:order']).toEqual(['age', 'school']);
    expect(Object.keys(removed['forms/registration.v1.json'].schema.properties)).toEqual(['age', 'school']);
  });
});
