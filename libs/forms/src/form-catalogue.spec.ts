import * as path from 'path';
import { loadPackDir } from '@app/sop';
import type { SopPack } from '@app/pack-types';
import { createDefaultFieldTypes, FormCatalogue, FormCompileError } from '@app/forms';

const MINI = path.resolve(__dirname, '../../../test/fixtures/packs/mini');

describe('FormCatalogue', () => {
  let pack: SopPack;
  let forms: FormCatalogue;
  beforeAll(async () => {
    pack = await loadPackDir(MINI);
    forms = new FormCatalogue(pack);
  });

  const valid = { child_name: 'Ana', date_of_birth: '2015-03-02', sex: 'female' };

  it('accepts complete answers', () => {
    expect(forms.validate('registration', valid, 'complete')).toEqual([]);
    expect(forms.has('registration')).toBe(true);
    expect(forms.has('nope')).toBe(false);
  });

  it('rejects unknown fields, even when the author did not close the object', () => {
    expect(forms.validate('registration', { ...valid, nickname: 'A' }, 'draft')).toEqual([
      { path: '/nickname', message: 'unknown field', keyword: 'additionalProperties' },
    ]);
    expect(forms.validate('registration', { address: { district: 'N', zip: '1' } }, 'draft')).toEqual([
      { path: '/address/zip', message: 'unknown field', keyword: 'additionalProperties' },
    ]);
  });

  it('reports wrong types', () => {
    expect(forms.validate('registration', { child_name: 5 }, 'draft')).toEqual([
      { path: '/child_name', message: 'must be text', keyword: 'type' },
    ]);
  });

  it('resolves x-optionList to the list values', () => {
    expect(forms.validate('assessment', { risk_level: 'extreme' }, 'draft')).toEqual([
      { path: '/risk_level', message: 'must be one of: high, medium, low', keyword: 'enum' },
    ]);
    expect(forms.validate('assessment', { needs: ['health', 'food'] }, 'draft')).toEqual([
      { path: '/needs/1', message: 'must be one of: health, education', keyword: 'enum' },
    ]);
  });

  it('enforces required only in complete mode, at the missing field path', () => {
    expect(forms.validate('registration', { child_name: 'Ana' }, 'draft')).toEqual([]);
    expect(forms.validate('registration', { child_name: 'Ana' }, 'complete')).toEqual([
      { path: '/date_of_birth', message: 'is required', keyword: 'required' },
      { path: '/sex', message: 'is required', keyword: 'required' },
    ]);
  });

  it('checks date and phone formats', () => {
    expect(forms.validate('registration', { date_of_birth: '2015-02-30' }, 'draft')).toEqual([
      { path: '/date_of_birth', message: 'must be a date (YYYY-MM-DD)', keyword: 'format' },
    ]);
    expect(forms.validate('registration', { date_of_birth: '02/03/2015' }, 'draft')).toHaveLength(1);
    expect(forms.validate('registration', { contact_phone: '+373 22 123 456' }, 'draft')).toEqual([]);
    expect(forms.validate('registration', { contact_phone: 'call me' }, 'draft')[0].path).toBe('/contact_phone');
  });

  it('reports an unknown form', () => {
    expect(forms.validate('nope', {}, 'draft')[0].keyword).toBe('unknown_form');
  });

  it('serves the resolved schema with option labels in the locale', () => {
    const fr = forms.jsonSchema('assessment', 'fr')!;
    expect(fr.properties.risk_level.oneOf).toEqual([
      { const: 'high', title: 'Élevé' },
      { const: 'medium', title: 'Moyen' },
      { const: 'low', title: 'Faible' },
    ]);
    expect(fr.properties.needs.items.oneOf[1]).toEqual({ const: 'education', title: 'Éducation' });
    expect(fr.additionalProperties).toBe(false);
    expect(fr.title).toBe('Évaluation initiale');
    const en = forms.jsonSchema('registration')!;
    expect(en.properties.child_name.title).toBe("Child's name");
    expect(forms.jsonSchema('nope')).toBeUndefined();
  });

  it('labels a form\'s own options from x-enumLabels in the locale (the value where a label is missing), and still checks answers against the enum', () => {
    const translated = structuredClone(pack);
    const props = (translated.forms.find((f) => f.id === 'registration')!.schema as any).properties;
    props.time = { type: 'string', enum: ['morning', 'night'], 'x-enumLabels': { morning: { en: 'Morning', fr: 'Matin' } } };
    const catalogue = new FormCatalogue(translated);
    expect(catalogue.jsonSchema('registration', 'fr')!.properties.time).toEqual({
      type: 'string',
      oneOf: [
        { const: 'morning', title: 'Matin' },
        { const: 'night', title: 'night' },
      ],
    });
    expect(catalogue.validate('registration', { ...valid, time: 'noon' }, 'complete').map((e) => e.path)).toEqual(['/time']);
    expect(catalogue.validate('registration', { ...valid, time: 'night' }, 'complete')).toEqual([]);
  });

  it("labels fields in the locale from x-label, the plain title being only the author's fallback", () => {
    const translated = structuredClone(pack);
    const child = (translated.forms.find((f) => f.id === 'registration')!.schema as any).properties.child_name;
    Object.assign(child, { title: "Child's name", 'x-label': { en: "Child's name", fr: "Nom de l'enfant" }, 'x-help': { en: 'As on papers', fr: 'Comme sur les papiers' } });
    const catalogue = new FormCatalogue(translated);
    expect(catalogue.jsonSchema('registration', 'fr')!.properties.child_name).toMatchObject({ title: "Nom de l'enfant", description: 'Comme sur les papiers' });
    expect(catalogue.jsonSchema('registration', 'en')!.properties.child_name).toMatchObject({ title: "Child's name", description: 'As on papers' });
  });

  it('lists field paths and date fields', () => {
    expect(forms.fieldPaths('registration')).toEqual([
      'child_name', 'date_of_birth', 'sex', 'contact_phone', 'address', 'address.district', 'address.street',
    ]);
    expect(forms.isDateField('assessment', 'next_visit')).toBe(true);
    expect(forms.isDateField('assessment', 'risk_level')).toBe(false);
    expect(forms.isSensitiveField('assessment', 'abuse_details')).toBe(true);
  });

  it('counts fields declared in combinators as known (unevaluatedProperties)', () => {
    const catalogue = new FormCatalogue({
      optionLists: {},
      forms: [{
        id: 'f', version: 1, title: { en: 'F' },
        schema: {
          type: 'object',
          properties: { referred: { type: 'boolean' } },
          if: { properties: { referred: { const: true } } },
          then: { properties: { service: { type: 'string' } }, required: ['service'] },
        },
      }],
    });
    expect(catalogue.validate('f', { referred: true, service: 'x' }, 'complete')).toEqual([]);
    expect(catalogue.validate('f', { referred: true }, 'complete')).toEqual([{ path: '/service', message: 'is required', keyword: 'required' }]);
    expect(catalogue.validate('f', { referred: true }, 'draft')).toEqual([]);
    expect(catalogue.validate('f', { other: 1 }, 'draft')).toEqual([{ path: '/other', message: 'unknown field', keyword: 'unevaluatedProperties' }]);
  });

  it('accepts formats registered by plugins', () => {
    const types = createDefaultFieldTypes().register('national_id', { validate: (v) => /^\d{13}$/.test(v), message: 'must be a 13-digit national ID' });
    const def = { id: 'f', version: 1, title: { en: 'F' }, schema: { type: 'object', properties: { idnp: { type: 'string', format: 'national_id' } } } };
    expect(() => new FormCatalogue({ optionLists: {}, forms: [def] })).toThrow(FormCompileError);
    const catalogue = new FormCatalogue({ optionLists: {}, forms: [def] }, { fieldTypes: types });
    expect(catalogue.validate('f', { idnp: '12' }, 'draft')).toEqual([{ path: '/idnp', message: 'must be a 13-digit national ID', keyword: 'format' }]);
  });

  it('reports compile problems without throwing via check()', () => {
    const problems = FormCatalogue.check({
      optionLists: {},
      forms: [{ id: 'f', version: 1, title: { en: 'F' }, schema: { type: 'object', properties: { a: { type: 'string', 'x-optionList': 'nope' } } } }],
    });
    expect(problems).toEqual([{ formId: 'f', version: 1, pointer: '/properties/a', message: 'unknown option list "nope"' }]);
  });
});

describe('field types', () => {
  const types = createDefaultFieldTypes();
  it.each([
    ['date', '2024-02-29', true],
    ['date', '2023-02-29', false],
    ['date-time', '2024-05-01T14:30:00Z', true],
    ['date-time', '2024-05-01 14:30', false],
    ['email', 'a@b.org', true],
    ['email', 'a@b', false],
    ['phone', '+37322123456', true],
    ['phone', '123', false],
    ['uri', 'https://example.org/x', true],
    ['uri', 'not a uri', false],
  ])('%s %s → %s', (name, value, ok) => {
    expect(types.get(name)!.validate(value)).toBe(ok);
  });
});
