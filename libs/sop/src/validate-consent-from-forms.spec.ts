import { validatePack } from '@app/sop';
import { miniFiles } from './testing';

/** The mini pack with a consent question on its registration form, and security.json consent.fromForms as given. */
const withMapping = (fromForms: unknown[], consent: Record<string, unknown> = {}) =>
  miniFiles((f) => {
    Object.assign(f['forms/registration.v1.json'].schema.properties, {
      consent: { type: 'string', enum: ['yes', 'no', 'not_needed'] },
      consent_by: { type: 'string', enum: ['person_concerned', 'legal_representative', 'neighbour'] },
      consent_name: { type: 'string' },
      siblings: { type: 'array', items: { type: 'string', enum: ['yes', 'no'] } },
    });
    const purposes = ['services', 'referral'].map((id) => ({ id, label: { en: id, fr: id } }));
    f['security.json'] = { consent: { purposes, fromForms, ...consent } };
  });

const good = {
  form: 'registration',
  field: 'consent',
  purposes: ['services', 'referral'],
  decisions: { yes: 'granted', no: 'refused' },
  givenBy: { field: 'consent_by', values: { neighbour: 'other' }, otherwise: 'other' },
  givenByName: { field: 'consent_name' },
  method: 'written',
};

const problems = async (fromForms: unknown[], consent?: Record<string, unknown>) =>
  validatePack(await withMapping(fromForms, consent)).issues.map((i) => `${i.file} ${i.path}: ${i.code}`);

describe('security.json consent.fromForms: consent questions of forms', () => {
  it('accepts a mapping of a coded answer and keeps it in the pack (assent where the pack asks for it)', async () => {
    const { issues, pack } = validatePack(await withMapping([good, { ...good, kind: 'assent', givenBy: 'person_concerned' }], { assent: { fromAge: 7 } }));
    expect(issues).toEqual([]);
    expect(pack!.security.consent.fromForms).toEqual([good, { ...good, kind: 'assent', givenBy: 'person_concerned' }]);
  });

  it('defaults to no mapping', async () => {
    expect(validatePack(await miniFiles()).pack!.security.consent.fromForms).toEqual([]);
  });

  it('refuses unknown forms and fields, free text and lists, and options not in the list, naming file, path and reason', async () => {
    const { issues } = validatePack(
      await withMapping([
        { ...good, form: 'intake' },
        { ...good, field: 'nothing' },
        { ...good, field: 'child_name' },
        { ...good, field: 'siblings' },
        { ...good, decisions: { yes: 'granted', maybe: 'refused' } },
      ]),
    );
    expect(issues.map((i) => `${i.file} ${i.path}: ${i.code}`)).toEqual([
      'security.json $.consent.fromForms[0].form: unknown_form',
      'security.json $.consent.fromForms[1].field: unknown_field',
      'security.json $.consent.fromForms[2].field: field_not_coded',
      'security.json $.consent.fromForms[3].field: field_not_coded',
      'security.json $.consent.fromForms[4].decisions.maybe: unknown_option',
    ]);
    expect(issues[4].message).toBe('"maybe" is not an option of "registration.consent": yes, no, not_needed');
    expect(issues[2].message).toContain('"registration.child_name" is not a single coded answer');
  });

  it('refuses unknown purposes, methods and givers, and assent where the pack asks none', async () => {
    expect(
      await problems([
        { ...good, purposes: ['services', 'adoption'], method: 'telepathy' },
        { ...good, givenBy: 'aunt' },
        { ...good, givenBy: { field: 'consent_by', values: { neighbour: 'friend', cousin: 'other' }, otherwise: 'nobody' } },
        { ...good, givenBy: { field: 'consent_by', otherwise: 'other' } },
        { ...good, givenBy: { field: 'consent_name', otherwise: 'other' }, givenByName: { field: 'consent' } },
        { ...good, kind: 'assent' },
      ]),
    ).toEqual([
      'security.json $.consent.fromForms[0].purposes[1]: unknown_consent_purpose',
      'security.json $.consent.fromForms[0].method: unknown_consent_method',
      'security.json $.consent.fromForms[1].givenBy: unknown_consent_giver',
      'security.json $.consent.fromForms[2].givenBy.values.neighbour: unknown_consent_giver',
      'security.json $.consent.fromForms[2].givenBy.values.cousin: unknown_option',
      'security.json $.consent.fromForms[2].givenBy.otherwise: unknown_consent_giver',
      // Without `values` the answer is the giver: "neighbour" is not one.
      'security.json $.consent.fromForms[3].givenBy.field: unknown_consent_giver',
      'security.json $.consent.fromForms[4].givenBy.field: field_not_coded',
      'security.json $.consent.fromForms[4].givenByName.field: field_not_text',
      'security.json $.consent.fromForms[5].kind: assent_not_asked',
    ]);
  });

  it('refuses a decision that is not granted, refused or withdrawn (the schema)', async () => {
    const issues = await problems([{ ...good, decisions: { yes: 'ok' } }]);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.startsWith('security.json $.consent.fromForms[0].decisions'))).toBe(true);
  });
});
