import { changedFormVersions } from './form-immutability';

describe('changedFormVersions', () => {
  const v1 = { id: 'registration', version: 1, schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } } } };

  it('accepts the same content, whatever the key order, and forms never published', () => {
    const reordered = { schema: { properties: { b: { type: 'integer' }, a: { type: 'string' } }, type: 'object' }, version: 1, id: 'registration' };
    expect(
      changedFormVersions({ 'forms/registration.v1.json': reordered, 'forms/closure.v1.json': { id: 'closure' } }, [
        { name: 'forms/registration.v1.json', content: v1 },
      ]),
    ).toEqual([]);
  });

  it('refuses a published id and version with other content, naming the file and the next free version', () => {
    const changed = { ...v1, schema: { ...v1.schema, required: ['a'] } };
    expect(
      changedFormVersions({ 'pack.json': {}, 'forms/registration.v1.json': changed }, [
        { name: 'forms/registration.v1.json', content: v1 },
        { name: 'forms/registration.v2.json', content: { ...v1, version: 2 } },
        { name: 'pack.json', content: { other: true } },
      ]),
    ).toEqual([{ file: 'forms/registration.v1.json', message: 'form registration v1 is already published with different content; publish it as v3' }]);
  });

  it('lets the wording change (labels, help, titles, option labels, layout), never what the answers mean', () => {
    const labelled = {
      ...v1,
      title: { en: 'Registration', ar: 'التسجيل' },
      uiSchema: { 'ui:order': ['b', 'a'] },
      schema: {
        type: 'object',
        properties: {
          a: { type: 'string', title: 'A', 'x-label': { en: 'A', ar: 'أ' }, 'x-help': { en: 'help' } },
          b: { type: 'integer', description: 'B' },
          // A field named "title" is a field, not wording: removing or changing it is still a change.
        },
      },
    };
    expect(changedFormVersions({ 'forms/registration.v1.json': labelled }, [{ name: 'forms/registration.v1.json', content: v1 }])).toEqual([]);
    const withTitleField = { ...v1, schema: { ...v1.schema, properties: { ...v1.schema.properties, title: { type: 'string' } } } };
    const options = { ...v1, schema: { ...v1.schema, properties: { ...v1.schema.properties, a: { type: 'string', 'x-optionList': 'places' } } } };
    for (const changed of [withTitleField, options]) {
      expect(changedFormVersions({ 'forms/registration.v1.json': changed }, [{ name: 'forms/registration.v1.json', content: v1 }])).toHaveLength(1);
    }
  });
});
