import type { FormDef } from '@app/pack-types';
import { FormCatalogue } from '@app/forms';

const form = (properties: Record<string, any>, extra: Record<string, any> = {}): FormDef =>
  ({ id: 'f', version: 1, title: { en: 'F' }, schema: { type: 'object', properties, ...extra } }) as unknown as FormDef;

describe('form patterns are matched in linear time (RE2)', () => {
  it('answers at once for a pattern that makes a backtracking engine run for hours', () => {
    const forms = new FormCatalogue({ forms: [form({ x: { type: 'string', pattern: '^(a+)+$' } })], optionLists: {} });
    expect(forms.validate('f', { x: `${'a'.repeat(5000)}!` }, 'draft')).toEqual([expect.objectContaining({ path: '/x', keyword: 'pattern' })]);
    expect(forms.validate('f', { x: 'a'.repeat(5000) }, 'draft')).toEqual([]);
  });

  it('refuses patterns RE2 cannot match (backreferences, lookaround) with the pointer of the pattern; accepts the rest', () => {
    const problems = FormCatalogue.check({ forms: [form(
      { a: { type: 'string', pattern: '^(a)\\1$' }, b: { type: 'object', properties: { c: { type: 'string', pattern: '^(?!x)' } } } },
      { patternProperties: { '^(?<=a)b': { type: 'string' } } },
    )], optionLists: {} });
    expect(problems.map((p) => p.pointer).sort()).toEqual(['/patternProperties/^(?<=a)b', '/properties/a/pattern', '/properties/b/properties/c/pattern']);
    expect(problems[0].message).toMatch(/linear time/);

    // What RE2 does express keeps JSON Schema's syntax, and each field is checked by its own pattern.
    const forms = new FormCatalogue({ forms: [form({
      idnp: { type: 'string', pattern: '^[0-9]{13}$' }, name: { type: 'string', pattern: '^\\p{L}+$' },
      e: { type: 'string', pattern: '^[\\u00e9]+$' }, y: { type: 'string', pattern: '^(?<year>\\d{4})$' },
    })], optionLists: {} });
    expect(forms.validate('f', { idnp: '2001234567890', name: 'Ștefan', e: 'éé', y: '2024' }, 'draft')).toEqual([]);
    expect(forms.validate('f', { idnp: 'Ștefan', name: '2001234567890', e: 'e', y: '24' }, 'draft').map((e) => e.path)).toEqual(['/idnp', '/name', '/e', '/y']);
  });
});
