import type { DataQualityCheckDef, LocationNode } from '@app/pack-types';
import { OperatorRegistry, createDefaultOperators } from '@app/rules';
import { buildRuleData, caseDataQualityFailures, dataQualityFailures, withFormAnswers } from '@app/workflow';
import { buildPack, snapshot, submission, t0 } from './testing/pack-builder';

const label = (en: string) => ({ en, fr: `${en} (fr)` });
const check = (id: string, extra: Partial<DataQualityCheckDef>): DataQualityCheckDef => ({
  id,
  label: label(id),
  message: label(`${id} message`),
  severity: 'error',
  form: 'registration',
  rule: true,
  ...extra,
});

// Region → district → community: the tree "a district outside its region" is checked against.
const root: LocationNode = {
  code: 'XX',
  name: label('Country'),
  level: 'country',
  children: [
    {
      code: 'N',
      name: label('North'),
      level: 'region',
      children: [{ code: 'N1', name: label('North one'), level: 'district', children: [{ code: 'N1A', name: label('Village'), level: 'community' }] }],
    },
    { code: 'S', name: label('South'), level: 'region', children: [{ code: 'S1', name: label('South one'), level: 'district' }] },
  ],
};

const checks: DataQualityCheckDef[] = [
  check('dob_not_future', { field: 'date_of_birth', rule: { '<=': [{ days_between: [{ var: 'now' }, { var: 'forms.registration.date_of_birth' }] }, 0] } }),
  check('under_18', {
    severity: 'warning',
    field: 'date_of_birth',
    rule: { '<': [{ age_years: [{ var: 'forms.registration.date_of_birth' }, { var: 'case.registeredAt' }] }, 18] },
  }),
  check('district_in_region', { field: 'district', rule: { location_within: [{ var: 'forms.registration.district' }, { var: 'forms.registration.region' }] } }),
  check('closure_after_registration', {
    form: 'closure',
    field: 'closure_date',
    rule: { '>=': [{ days_between: [{ var: 'case.registeredAt' }, { var: 'forms.closure.closure_date' }] }, 0] },
  }),
  check('visit_not_future', {
    form: 'follow_up_visit',
    field: 'visit_date',
    severity: 'warning',
    rule: { '<=': [{ days_between: [{ var: 'now' }, { var: 'forms.follow_up_visit.visit_date' }] }, 0] },
  }),
  check('other_type_only', { caseTypes: ['adoption'], rule: false }),
];
const pack = buildPack({ dataQuality: checks, locations: { levels: ['country', 'region', 'district', 'community'], root } });
const now = new Date('2024-03-05T10:00:00.000Z');
const ids = (fs: Array<{ checkId: string }>) => fs.map((f) => f.checkId);

function dataWith(answers: Record<string, unknown>, extra: Parameters<typeof snapshot>[1] = {}) {
  return buildRuleData(pack, snapshot(['registration'], { submissions: [submission('registration', answers)], location: 'N1A', ...extra }), now);
}

describe('dataQualityFailures', () => {
  it('passes plausible answers', () => {
    const data = dataWith({ date_of_birth: '2015-01-01', region: 'N', district: 'N1' });
    expect(dataQualityFailures(pack, data, { caseType: 'child_protection', formId: 'registration' })).toEqual([]);
  });

  it('reports each failing check with its severity, field and translated message', () => {
    const data = dataWith({ date_of_birth: '2024-04-01', region: 'S', district: 'N1' });
    expect(dataQualityFailures(pack, data, { caseType: 'child_protection', formId: 'registration' })).toEqual([
      {
        checkId: 'dob_not_future',
        severity: 'error',
        form: 'registration',
        field: 'date_of_birth',
        label: label('dob_not_future'),
        message: label('dob_not_future message'),
      },
      {
        checkId: 'district_in_region',
        severity: 'error',
        form: 'registration',
        field: 'district',
        label: label('district_in_region'),
        message: label('district_in_region message'),
      },
    ]);
  });

  it('computes age at registration, not today', () => {
    // 18 on 2024-02-01, a month before the case was registered (t0 = 2024-03-04).
    expect(ids(dataQualityFailures(pack, dataWith({ date_of_birth: '2006-02-01' }), { caseType: 'child_protection' }))).toEqual(['under_18']);
    expect(ids(dataQualityFailures(pack, dataWith({ date_of_birth: '2006-03-05' }), { caseType: 'child_protection' }))).toEqual([]);
  });

  it('filters by form, severity, check and case type', () => {
    const data = dataWith({ date_of_birth: '2000-01-01', region: 'S', district: 'N1' });
    expect(ids(dataQualityFailures(pack, data, { caseType: 'child_protection', severities: ['warning'] }))).toEqual(['under_18']);
    expect(ids(dataQualityFailures(pack, data, { caseType: 'child_protection', checkId: 'district_in_region' }))).toEqual(['district_in_region']);
    expect(ids(dataQualityFailures(pack, data, { caseType: 'child_protection', formId: 'closure' }))).toEqual([]);
    expect(ids(dataQualityFailures(pack, data, { caseType: 'adoption', formId: 'registration' }))).toEqual([
      'under_18',
      'district_in_region',
      'other_type_only',
    ]);
  });

  it("skips a check whose field has no answer (required answers are the form's business)", () => {
    const data = dataWith({ date_of_birth: '', region: 'N' });
    expect(dataQualityFailures(pack, data, { caseType: 'child_protection', formId: 'registration' })).toEqual([]);
    // And a check whose form was never completed.
    expect(dataQualityFailures(pack, data, { caseType: 'child_protection', formId: 'closure' })).toEqual([]);
  });

  it('checks the answers being entered (withFormAnswers), not the stored ones', () => {
    const data = withFormAnswers(dataWith({ date_of_birth: '2015-01-01' }), 'registration', { date_of_birth: '2030-01-01' });
    expect(ids(dataQualityFailures(pack, data, { caseType: 'child_protection', formId: 'registration' }))).toEqual(['dob_not_future']);
  });

  it('compares a closure date with the registration date', () => {
    const closed = (date: string) =>
      buildRuleData(
        pack,
        snapshot(['registration'], {
          submissions: [submission('registration', { date_of_birth: '2015-01-01' }), submission('closure', { closure_date: date })],
        }),
        now,
      );
    expect(ids(dataQualityFailures(pack, closed('2024-03-03'), { caseType: 'child_protection', formId: 'closure' }))).toEqual(['closure_after_registration']);
    // Registered 2024-03-04T09:00Z: a closure the same day is fine.
    expect(ids(dataQualityFailures(pack, closed('2024-03-04'), { caseType: 'child_protection', formId: 'closure' }))).toEqual([]);
  });

  it("compares dates with the pack's today and registration day (pack.json timezone), not UTC's", () => {
    const chisinau = buildPack({ ...pack, manifest: { ...pack.manifest, timezone: 'Europe/Chisinau' } });
    const at = (answers: Record<string, unknown>, instant: string, utcPack = false) => {
      const p = utcPack ? pack : chisinau;
      const when = new Date(instant);
      const data = buildRuleData(
        p,
        snapshot(['registration'], {
          registeredAt: when,
          submissions: [submission('registration', { date_of_birth: '2015-01-01' }), submission('closure', answers)],
        }),
        when,
      );
      return ids(dataQualityFailures(p, withFormAnswers(data, 'registration', answers), { caseType: 'child_protection' }));
    };
    // 23:30 UTC on 13 March 2026 is 14 March in Chișinău: born on 14 March is not in the future,
    // and a closure dated 13 March is before the registration day (14 March).
    expect(at({ date_of_birth: '2026-03-14' }, '2026-03-13T23:30:00Z')).toEqual([]);
    expect(at({ closure_date: '2026-03-13' }, '2026-03-13T23:30:00Z')).toEqual(['closure_after_registration']);
    expect(at({ closure_date: '2026-03-14' }, '2026-03-13T23:30:00Z')).toEqual([]);
    // At 08:00 UTC on 14 March, 15 March is tomorrow there.
    expect(at({ date_of_birth: '2026-03-15' }, '2026-03-14T08:00:00Z')).toEqual(['dob_not_future']);
    // A pack without a timezone keeps UTC's day.
    expect(at({ date_of_birth: '2026-03-14' }, '2026-03-13T23:30:00Z', true)).toEqual(['dob_not_future']);
    expect(at({ closure_date: '2026-03-13' }, '2026-03-13T23:30:00Z', true)).toEqual([]);
  });

  it('counts a rule that cannot be evaluated as a warning that says why', () => {
    const operators: OperatorRegistry = createDefaultOperators().register('explode', () => {
      throw new Error('boom');
    });
    const broken = buildPack({ dataQuality: [check('broken', { field: 'date_of_birth', rule: { explode: [] } })] });
    const data = buildRuleData(broken, snapshot(['registration'], { submissions: [submission('registration', { date_of_birth: '2015-01-01' })] }), now);
    const [failure] = dataQualityFailures(broken, data, { caseType: 'child_protection', operators });
    expect(failure).toMatchObject({ checkId: 'broken', severity: 'warning', evaluationError: expect.stringContaining('boom') });
  });
});

describe('location rules', () => {
  it("rule data carries the case location and the pack's location index", () => {
    const data = dataWith({});
    expect(data.case.location).toBe('N1A');
    expect(data.locations!.N1A).toEqual({ level: 'community', path: 'XX/N/N1/N1A/' });
  });

  it('location_within and location_level follow the pack tree', () => {
    const ev = (answers: Record<string, unknown>, rule: unknown) =>
      dataQualityFailures(buildPack({ ...pack, dataQuality: [check('c', { rule: rule as any })] }), dataWith(answers), { caseType: 'child_protection' })
        .length === 0;
    expect(ev({ district: 'N1', region: 'N' }, { location_within: [{ var: 'forms.registration.district' }, { var: 'forms.registration.region' }] })).toBe(true);
    expect(ev({ district: 'S1', region: 'N' }, { location_within: [{ var: 'forms.registration.district' }, { var: 'forms.registration.region' }] })).toBe(
      false,
    );
    // A place is within itself; an unknown code gives null (false).
    expect(ev({ district: 'N1' }, { location_within: [{ var: 'forms.registration.district' }, 'N1'] })).toBe(true);
    expect(ev({ district: 'ZZ' }, { location_within: [{ var: 'forms.registration.district' }, 'XX'] })).toBe(false);
    expect(ev({ district: 'ZZ' }, { '!': [{ location_within: [{ var: 'forms.registration.district' }, 'XX'] }] })).toBe(true);
    // The case's own location.
    expect(ev({}, { location_within: [{ var: 'case.location' }, 'N'] })).toBe(true);
    expect(ev({ district: 'N1' }, { '==': [{ location_level: [{ var: 'forms.registration.district' }] }, 'district'] })).toBe(true);
    expect(ev({ district: 'toString' }, { '==': [{ location_level: [{ var: 'forms.registration.district' }] }, null] })).toBe(true);
  });
});

describe('caseDataQualityFailures', () => {
  it('checks every complete entry of a repeatable form, once per check', () => {
    const data = buildRuleData(
      pack,
      snapshot(['planning'], {
        submissions: [
          submission('registration', { date_of_birth: '2015-01-01' }),
          submission('follow_up_visit', { visit_date: '2024-04-01' }, new Date(t0.getTime() + 1000)),
          submission('follow_up_visit', { visit_date: '2024-05-01' }, new Date(t0.getTime() + 2000)),
          submission('follow_up_visit', { visit_date: '2024-03-01' }, new Date(t0.getTime() + 3000)),
        ],
      }),
      now,
    );
    // The latest entry is fine; the earlier ones are in the future.
    expect(ids(dataQualityFailures(pack, data, { caseType: 'child_protection', formId: 'follow_up_visit' }))).toEqual([]);
    expect(ids(caseDataQualityFailures(pack, data, { caseType: 'child_protection' }))).toEqual(['visit_not_future']);
  });

  it('checks single forms against their latest complete answers, ignoring drafts', () => {
    const data = buildRuleData(
      pack,
      snapshot(['registration'], {
        submissions: [
          submission('registration', { date_of_birth: '2015-01-01', region: 'S', district: 'N1' }),
          submission('closure', { closure_date: '2020-01-01' }, null, 'draft'),
        ],
      }),
      now,
    );
    expect(ids(caseDataQualityFailures(pack, data, { caseType: 'child_protection' }))).toEqual(['district_in_region']);
  });
});
