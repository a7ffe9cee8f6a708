import { draftSop } from '../../apps/web/src/pages/simulation/draft-sop';

/** Simulating a draft: the page's pick-lists come from the draft's files, not from the published version. */
describe('simulation pick-lists of a draft', () => {
  const published = {
    manifest: { forms: [{ id: 'registration', version: 1 }], caseTypes: [] },
    workflow: { steps: [], transitions: [] },
    roles: [{ id: 'teacher', label: { en: 'Teacher' }, rules: [] }],
    deadlines: [],
    optionLists: {},
    forms: [{ id: 'registration', version: 1, title: { en: 'Registration' }, schema: { properties: { name: { title: 'Name' } } }, uiSchema: {} }],
  } as unknown as Parameters<typeof draftSop>[0];

  it("takes the draft's roles and forms: a new form version with its fields' labels in the language, an unchanged form as published", () => {
    const files = {
      'pack.json': {
        forms: [
          { id: 'registration', version: 2 },
          { id: 'visit', version: 1 },
        ],
        caseTypes: [],
      },
      'roles.json': {
        roles: [
          { id: 'teacher', label: { en: 'Teacher' }, rules: [] },
          { id: 'nurse', label: { en: 'School nurse' }, rules: [] },
        ],
      },
      'forms/registration.v2.json': {
        title: { en: 'Registration' },
        schema: { properties: { name: { 'x-label': { en: 'Name' } }, school: { 'x-label': { en: 'School', fr: 'École' } } } },
      },
      'forms/visit.v1.json': { title: { en: 'Visit' }, schema: { properties: {} } },
    };
    const sop = draftSop(published, files, 'fr');
    expect(sop.roles.map((r) => r.id)).toEqual(['teacher', 'nurse']);
    expect(sop.forms.map((f) => `${f.id}.v${f.version}`)).toEqual(['registration.v2', 'visit.v1']);
    expect(sop.forms[0].schema.properties.school.title).toBe('École');
    // Unchanged: the published (compiled) form itself.
    const same = draftSop(published, { ...files, 'pack.json': { forms: [{ id: 'registration', version: 1 }], caseTypes: [] } }, 'fr');
    expect(same.forms[0]).toBe(published.forms[0]);
  });
});
