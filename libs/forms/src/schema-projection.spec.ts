import { fieldAccess, projectFormSchema } from '@app/forms';

const schema = {
  type: 'object', additionalProperties: false,
  required: ['examination_date', 'findings'],
  properties: {
    examination_date: { type: 'string', format: 'date' },
    findings: { type: 'string', 'x-sensitive': true },
    needs: { type: 'string' },
  },
  allOf: [{ if: { properties: { needs: { const: 'x' } } }, then: { required: ['findings'], properties: { findings: { minLength: 3 } } } }],
};

describe('per-user form schema', () => {
  it('removes unreadable fields everywhere and marks read-only ones', () => {
    const out = projectFormSchema(schema, ['examination_date', 'needs'], ['needs']);
    expect(Object.keys(out.properties)).toEqual(['examination_date', 'needs']);
    expect(out.properties.examination_date.readOnly).toBe(true);
    expect(out.properties.needs.readOnly).toBeUndefined();
    expect(out.required).toEqual([]);
    expect(JSON.stringify(out)).not.toContain('findings');
    expect(schema.properties.findings).toBeDefined(); // the input is not changed
  });

  it('lists each field with its access', () => {
    expect(fieldAccess(['a', 'b', 'c'], ['a', 'b'], ['b'])).toEqual({ a: 'read', b: 'fill', c: 'hidden' });
  });
});
