import { ChildSide, FamilySide, proximity, rankFamilies, scoreFamily } from './scoring';
import type { CriterionSetting } from './settings';

const LABELS: Record<string, string> = { MD: 'Moldova', CH: 'Chișinău', CH01: 'Bubuieci', CH02: 'Codru', ST: 'Strășeni', ST01: 'Strășeni town' };
const label = (code: string) => LABELS[code] ?? null;

const child = (over: Partial<ChildSide> = {}): ChildSide => ({
  ageYears: 7,
  siblingGroupSize: 1,
  specialNeeds: [],
  languages: ['ro'],
  locationPath: ['MD', 'CH', 'CH01'],
  ...over,
});
const family = (over: Partial<FamilySide> = {}): FamilySide => ({
  id: 'f1',
  registeredAt: '2026-01-01T00:00:00.000Z',
  ageMin: 3,
  ageMax: 10,
  maxSiblingGroup: 2,
  specialNeeds: ['trauma_support'],
  languages: ['ro', 'ru'],
  locationPath: ['MD', 'CH', 'CH01'],
  ...over,
});
const only = (id: CriterionSetting['id'], weight = 1): CriterionSetting[] => [{ id, weight }];
const criterion = (c: ChildSide, f: FamilySide, id: CriterionSetting['id']) => scoreFamily(c, f, only(id), label).criteria[0];

describe('age', () => {
  it('is met inside the accepted range, bounds included', () => {
    for (const age of [3, 7, 10]) {
      const r = criterion(child({ ageYears: age }), family(), 'age');
      expect(r).toMatchObject({ id: 'age', points: 1, met: true, hard: true, childValue: age, familyValue: { min: 3, max: 10 } });
    }
    expect(criterion(child(), family(), 'age').explanation).toBe('The child is 7 years old; the family accepts children aged 3 to 10.');
  });

  it('is a failed hard constraint outside the range, saying which side', () => {
    const young = criterion(child({ ageYears: 2 }), family(), 'age');
    expect(young).toMatchObject({ points: 0, met: false });
    expect(young.explanation).toBe('The child is 2 years old; the family accepts children aged 3 to 10 (the child is younger).');
    expect(criterion(child({ ageYears: 11 }), family(), 'age').explanation).toMatch(/\(the child is older\)\.$/);
  });

  it('speaks of babies and one-year-olds properly', () => {
    expect(criterion(child({ ageYears: 0 }), family({ ageMin: 0 }), 'age').explanation).toMatch(/^The child is under 1 year old;/);
    expect(criterion(child({ ageYears: 1 }), family({ ageMin: 0 }), 'age').explanation).toMatch(/^The child is 1 year old;/);
  });

  it('gives nothing when the age is unknown', () => {
    const r = criterion(child({ ageYears: null }), family(), 'age');
    expect(r).toMatchObject({ points: 0, met: false, childValue: null });
    expect(r.explanation).toMatch(/date of birth is not known/);
  });
});

describe('siblings', () => {
  it('fits a group up to the family maximum', () => {
    expect(criterion(child({ siblingGroupSize: 1 }), family(), 'siblings')).toMatchObject({
      points: 1,
      met: true,
      hard: true,
      childValue: 1,
      familyValue: 2,
      explanation: 'The child is to be placed alone; the family accepts up to 2 children together.',
    });
    expect(criterion(child({ siblingGroupSize: 2 }), family(), 'siblings').explanation).toBe(
      'The child is to be placed with 1 sibling (2 children); the family accepts up to 2 children together.',
    );
  });

  it('fails a larger group', () => {
    expect(criterion(child({ siblingGroupSize: 3 }), family(), 'siblings')).toMatchObject({
      points: 0,
      met: false,
      explanation: 'The child is to be placed with 2 siblings (3 children); the family accepts at most 2 children together.',
    });
    expect(criterion(child({ siblingGroupSize: 2 }), family({ maxSiblingGroup: 1 }), 'siblings').explanation).toMatch(/the family accepts one child only\.$/);
  });
});

describe('special needs', () => {
  it('is fully met when the child has none ("none" counts as none)', () => {
    for (const needs of [[], ['none']]) {
      expect(criterion(child({ specialNeeds: needs }), family({ specialNeeds: [] }), 'special_needs')).toMatchObject({
        points: 1,
        met: true,
        hard: false,
        childValue: [],
        explanation: 'The child has no special needs recorded.',
      });
    }
  });

  it('gives the share of needs the family can meet, naming both', () => {
    const r = criterion(
      child({ specialNeeds: ['trauma_support', 'chronic_illness', 'behavioural'] }),
      family({ specialNeeds: ['trauma_support', 'none'] }),
      'special_needs',
    );
    expect(r.points).toBe(0.333);
    expect(r.met).toBe(false);
    expect(r.familyValue).toEqual(['trauma_support']);
    expect(r.explanation).toBe("The family can meet 1 of the child's 3 special needs (can: trauma support; cannot: chronic illness, behavioural needs).");
  });

  it('says when all or none are met', () => {
    expect(criterion(child({ specialNeeds: ['trauma_support'] }), family(), 'special_needs')).toMatchObject({
      points: 1,
      met: true,
      explanation: "The family can meet all of the child's special needs (trauma support).",
    });
    expect(criterion(child({ specialNeeds: ['chronic_illness'] }), family(), 'special_needs')).toMatchObject({
      points: 0,
      explanation: "The family cannot meet the child's special needs (chronic illness).",
    });
  });
});

describe('language', () => {
  it('is met by one shared language, whatever the case and spacing', () => {
    expect(criterion(child({ languages: ['RO', 'gag'] }), family({ languages: [' ro'] }), 'language')).toMatchObject({
      points: 1,
      childValue: ['ro', 'gag'],
      familyValue: ['ro'],
      explanation: 'The family speaks ro, which the child speaks.',
    });
  });

  it('gives nothing without a shared language', () => {
    expect(criterion(child({ languages: ['ro', 'ru'] }), family({ languages: ['uk'] }), 'language')).toMatchObject({
      points: 0,
      met: false,
      explanation: "The family speaks none of the child's languages (ro, ru); it speaks uk.",
    });
  });

  it('fits any family when the child has no language yet', () => {
    expect(criterion(child({ languages: [] }), family({ languages: ['uk'] }), 'language')).toMatchObject({ points: 1 });
  });
});

describe('distance', () => {
  it('tiers places by the location tree', () => {
    expect(proximity(['MD', 'CH', 'CH01'], ['MD', 'CH', 'CH01'])).toEqual({ tier: 'same', common: 'CH01' });
    expect(proximity(['MD', 'CH', 'CH01'], ['MD', 'CH', 'CH02'])).toEqual({ tier: 'near', common: 'CH' });
    expect(proximity(['MD', 'CH'], ['MD', 'CH', 'CH02'])).toEqual({ tier: 'near', common: 'CH' });
    // Only the country in common says nothing about distance.
    expect(proximity(['MD', 'CH', 'CH01'], ['MD', 'ST', 'ST01'])).toEqual({ tier: 'far', common: 'MD' });
    // A deeper tree: region > district > community.
    expect(proximity(['X', 'R1', 'D1', 'C1'], ['X', 'R1', 'D2', 'C9'])).toEqual({ tier: 'region', common: 'R1' });
    expect(proximity(['X', 'R1', 'D1', 'C1'], ['X', 'R2', 'D3', 'C9'])).toEqual({ tier: 'far', common: 'X' });
    expect(proximity(['A'], ['B'])).toEqual({ tier: 'far', common: null });
    expect(proximity(null, ['MD'])).toEqual({ tier: 'unknown', common: null });
  });

  it('scores and explains each tier with location names', () => {
    const at = (path: string[] | null) => criterion(child(), family({ locationPath: path }), 'distance');
    expect(at(['MD', 'CH', 'CH01'])).toMatchObject({
      points: 1,
      childValue: 'CH01',
      familyValue: 'CH01',
      explanation: 'The family lives in the same place as the child (Bubuieci).',
    });
    expect(at(['MD', 'CH', 'CH02'])).toMatchObject({ points: 0.6, explanation: 'The family lives in Codru, in the same area as the child (Chișinău).' });
    expect(at(['MD', 'ST', 'ST01'])).toMatchObject({ points: 0, explanation: 'The family lives in Strășeni town, far from the child (Bubuieci).' });
    expect(at(null)).toMatchObject({ points: 0, familyValue: null, explanation: 'The location of the family is not known, so distance gives no points.' });
    const region = scoreFamily(child({ locationPath: ['X', 'R1', 'D1', 'C1'] }), family({ locationPath: ['X', 'R1', 'D2', 'C9'] }), only('distance'), label);
    expect(region.criteria[0]).toMatchObject({ points: 0.3, explanation: 'The family lives in C9, in the same wider area as the child (R1).' });
  });
});

describe('total score', () => {
  const all: CriterionSetting[] = [
    { id: 'age', weight: 3 },
    { id: 'siblings', weight: 2 },
    { id: 'special_needs', weight: 2 },
    { id: 'language', weight: 1 },
    { id: 'distance', weight: 2 },
  ];

  it('is 100 when everything fits, and lists the criteria in the pack order with weights', () => {
    const s = scoreFamily(child(), family(), all, label);
    expect(s.score).toBe(100);
    expect(s.meetsAll).toBe(true);
    expect(s.unmet).toEqual([]);
    expect(s.criteria.map((c) => [c.id, c.weight, c.weighted])).toEqual([
      ['age', 3, 3],
      ['siblings', 2, 2],
      ['special_needs', 2, 2],
      ['language', 1, 1],
      ['distance', 2, 2],
    ]);
  });

  it('is the weighted share of points, normalised to 0..100 whatever the scale of the weights', () => {
    // distance 0.6 × 2 = 1.2; others full: (3 + 2 + 2 + 1 + 1.2) / 10 = 92
    const s = scoreFamily(child(), family({ locationPath: ['MD', 'CH', 'CH02'] }), all, label);
    expect(s.criteria.find((c) => c.id === 'distance')?.weighted).toBe(1.2);
    expect(s.score).toBe(92);
    const scaled = all.map((c) => ({ ...c, weight: c.weight * 25 }));
    expect(scoreFamily(child(), family({ locationPath: ['MD', 'CH', 'CH02'] }), scaled, label).score).toBe(92);
  });

  it('weights decide which difference matters more', () => {
    const near = family({ id: 'near', languages: ['uk'] });
    const speaks = family({ id: 'speaks', locationPath: ['MD', 'ST', 'ST01'] });
    const languageFirst: CriterionSetting[] = [
      { id: 'language', weight: 5 },
      { id: 'distance', weight: 1 },
    ];
    const distanceFirst: CriterionSetting[] = [
      { id: 'language', weight: 1 },
      { id: 'distance', weight: 5 },
    ];
    expect(rankFamilies(child(), [near, speaks], languageFirst, label).ranked.map((r) => r.familyId)).toEqual(['speaks', 'near']);
    expect(rankFamilies(child(), [near, speaks], distanceFirst, label).ranked.map((r) => r.familyId)).toEqual(['near', 'speaks']);
  });

  it('does not lose points to rounding fractional criteria', () => {
    const c = child({ specialNeeds: ['trauma_support', 'chronic_illness', 'behavioural'] });
    const f = family({ specialNeeds: ['trauma_support'] });
    expect(scoreFamily(c, f, only('special_needs', 3), label).score).toBe(33.3);
    expect(scoreFamily(c, family({ specialNeeds: ['trauma_support', 'chronic_illness', 'behavioural'] }), only('special_needs', 3), label).score).toBe(100);
  });

  it('marks a family failing a hard constraint, keeping its other points', () => {
    const s = scoreFamily(child({ ageYears: 12, siblingGroupSize: 3 }), family(), all, label);
    expect(s.meetsAll).toBe(false);
    expect(s.unmet).toEqual(['age', 'siblings']);
    expect(s.score).toBe(50); // (2 + 1 + 2) / 10
  });

  it('does not count soft criteria as unmet constraints', () => {
    const s = scoreFamily(child({ specialNeeds: ['chronic_illness'] }), family({ languages: ['uk'] }), all, label);
    expect(s.meetsAll).toBe(true);
    expect(s.unmet).toEqual([]);
  });
});

describe('ranking', () => {
  const criteria: CriterionSetting[] = [
    { id: 'age', weight: 2 },
    { id: 'language', weight: 1 },
    { id: 'distance', weight: 1 },
  ];

  it('puts families meeting every constraint first, then by score, then the longest waiting', () => {
    const families = [
      family({ id: 'too-young-range', ageMax: 5 }), // fails age, 50
      family({ id: 'far', locationPath: ['MD', 'ST', 'ST01'] }), // 75
      family({ id: 'perfect-new', registeredAt: '2026-02-01T00:00:00.000Z' }), // 100
      family({ id: 'perfect-old', registeredAt: '2025-06-01T00:00:00.000Z' }), // 100
      family({ id: 'near', locationPath: ['MD', 'CH', 'CH02'] }), // 90
    ];
    const { ranked, excluded } = rankFamilies(child(), families, criteria, label);
    expect(ranked.map((r) => [r.familyId, r.score, r.meetsAll])).toEqual([
      ['perfect-old', 100, true],
      ['perfect-new', 100, true],
      ['near', 90, true],
      ['far', 75, true],
      ['too-young-range', 50, false],
    ]);
    expect(excluded).toBe(0);
  });

  it('leaves out families with nothing in common', () => {
    const nothing = family({ id: 'nothing', ageMax: 5, languages: ['uk'], locationPath: ['MD', 'ST', 'ST01'] });
    const some = family({ id: 'some' });
    const { ranked, excluded } = rankFamilies(child(), [nothing, some], criteria, label);
    expect(ranked.map((r) => r.familyId)).toEqual(['some']);
    expect(excluded).toBe(1);
  });

  it('keeps a family whose tiny score rounds to 0.0', () => {
    const weights: CriterionSetting[] = [
      { id: 'age', weight: 1000 },
      { id: 'language', weight: 0.001 },
    ];
    const { ranked } = rankFamilies(child(), [family({ ageMax: 5 })], weights, label);
    expect(ranked).toHaveLength(1);
    expect(ranked[0].score).toBe(0);
  });

  it('is empty without families', () => {
    expect(rankFamilies(child(), [], criteria, label)).toEqual({ ranked: [], excluded: 0 });
  });
});
