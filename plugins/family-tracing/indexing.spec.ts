import type { PluginEventContext, PluginHookCase } from '@app/plugin-sdk';
import { childEntry, dottedPath, indexChild } from './indexing';
import { DEFAULT_SETTINGS, type FamilyTracingSettings } from './settings';

function hookCase(over: Partial<PluginHookCase> = {}): PluginHookCase {
  return {
    id: '5f1c3a52-6f0e-4e4c-9d43-0d6d8b2f7a11',
    caseType: 'child_protection',
    step: 'registration',
    status: 'open',
    displayName: 'Ion Ciobanu',
    dateOfBirth: '2016-04-01',
    sex: 'male',
    locationCode: 'CH01',
    locationPath: 'MD/CH/CH01/',
    registeredAt: new Date('2026-05-01T10:00:00Z'),
    answers: { registration: { first_name: 'Ion', last_name: 'Ciobanu' } },
    ...over,
  };
}

describe('childEntry', () => {
  it('indexes a child of the case types, with the name keys', () => {
    expect(childEntry(hookCase(), DEFAULT_SETTINGS)).toEqual({
      caseId: '5f1c3a52-6f0e-4e4c-9d43-0d6d8b2f7a11',
      caseType: 'child_protection',
      fullName: 'Ion Ciobanu',
      nameNorm: 'ion ciobanu',
      phoneticKeys: ['IN', 'XBN'],
      dateOfBirth: '2016-04-01',
      sex: 'male',
      locationCode: 'CH01',
      locationPath: 'MD.CH.CH01',
    });
  });

  it('leaves out other case types and nameless cases', () => {
    expect(childEntry(hookCase({ caseType: 'notification' }), DEFAULT_SETTINGS)).toBeNull();
    expect(childEntry(hookCase({ displayName: null }), DEFAULT_SETTINGS)).toBeNull();
    expect(childEntry(hookCase({ displayName: ' . ' }), DEFAULT_SETTINGS)).toBeNull();
  });

  it('indexes only children marked separated when the pack names the field', () => {
    const settings = { ...DEFAULT_SETTINGS, separatedField: 'initial_assessment.separated' };
    expect(childEntry(hookCase(), settings)).toBeNull();
    expect(childEntry(hookCase({ answers: { initial_assessment: { separated: 'yes' } } }), settings)).toBeNull();
    expect(childEntry(hookCase({ answers: { initial_assessment: { separated: true } } }), settings)?.fullName).toBe('Ion Ciobanu');
  });
});

it('stores location paths as dotted codes, preferring the pack tree', () => {
  expect(dottedPath(['MD', 'ST', 'ST01'], 'MD/CH/CH01/')).toBe('MD.ST.ST01');
  expect(dottedPath(null, 'MD/CH/CH01/')).toBe('MD.CH.CH01');
  expect(dottedPath(null, 'MD.CH')).toBe('MD.CH');
});

describe('indexChild', () => {
  /** The statements the hook runs for a change from `before` to `after`. */
  async function statements(after: PluginHookCase, before?: PluginHookCase): Promise<string[]> {
    const sql: string[] = [];
    const ctx = {
      settings: {},
      now: new Date('2026-05-02T10:00:00Z'),
      db: { query: async (text: string) => (sql.push(text.trim().split(/\s+/)[0]), []) },
      locations: { path: () => null },
      case: after,
      ...(before ? { before } : {}),
    } as unknown as PluginEventContext<FamilyTracingSettings>;
    await indexChild(ctx);
    return sql;
  }

  it('writes nothing when the change leaves what matching reads as it was (an address corrected)', async () => {
    const before = hookCase();
    const after = hookCase({ answers: { registration: { first_name: 'Ion', last_name: 'Ciobanu', address: 'Strada Ismail 12' } } });
    expect(await statements(after, before)).toEqual([]);
  });

  it('refreshes the child when the name, birth date or place changed, and when the platform does not say what it was', async () => {
    expect(await statements(hookCase({ displayName: 'Ioan Ciobanu' }), hookCase())).toEqual(['INSERT']);
    expect(await statements(hookCase({ dateOfBirth: '2016-05-01' }), hookCase())).toEqual(['INSERT']);
    expect(await statements(hookCase({ locationCode: 'BL01', locationPath: 'MD/BL/BL01/' }), hookCase())).toEqual(['INSERT']);
    expect(await statements(hookCase())).toEqual(['INSERT']);
  });

  it('removes the child whose name was cleared', async () => {
    const sql = await statements(hookCase({ displayName: null }), hookCase());
    expect(sql.length).toBeGreaterThan(0);
    expect(sql.every((s) => s === 'DELETE')).toBe(true);
  });
});
