import { keyedWords, phoneticKeys } from './names';
import { IndexedChild, locationReason, MatchReason, redactNameReason, scoreCandidate, ScoringOptions, SoughtChild, WEIGHTS } from './scoring';

const labels: Record<string, string> = { MD: 'Republic of Moldova', CH: 'Chișinău', CH01: 'Bubuieci', CH02: 'Codru', ST: 'Strășeni', ST01: 'Strășeni town' };
const options: ScoringOptions = { ageToleranceYears: 2, locationLevels: ['country', 'district', 'community'], labelOf: (c) => labels[c] ?? null };

function sought(over: Partial<SoughtChild> = {}): SoughtChild {
  const name = over.name ?? 'Ioan Ciobanou';
  return {
    name,
    words: keyedWords(name),
    sex: 'male',
    dateOfBirth: null,
    ageYears: 9,
    locationPath: ['MD', 'CH', 'CH01'],
    requestDate: '2026-05-10',
    ...over,
  };
}

function child(over: Partial<IndexedChild> = {}): IndexedChild {
  const fullName = over.fullName ?? 'Ion Ciobanu';
  return { fullName, phoneticKeys: phoneticKeys(fullName), sex: 'male', dateOfBirth: '2016-04-01', locationPath: ['MD', 'CH', 'CH02'], ...over };
}

const reasonsOf = (r: ReturnType<typeof scoreCandidate>): MatchReason[] => (r.excluded ? [] : r.reasons);

describe('scoreCandidate', () => {
  it('explains each criterion in plain English, with its points', () => {
    const result = scoreCandidate(sought(), child(), 0.72, options);
    expect(result.excluded).toBe(false);
    expect(reasonsOf(result)).toMatchObject([
      { criterion: 'name', detail: 'name "Ioan Ciobanou" is 72% similar to "Ion Ciobanu"', points: 0.324 },
      { criterion: 'phonetic', detail: 'same phonetic key', points: 0.2 },
      { criterion: 'age', detail: 'ages differ by 1 year (9 sought, 10 registered)', points: 0.133 },
      { criterion: 'sex', detail: 'same sex (male)', points: 0 },
      { criterion: 'location', detail: 'last seen in the same district (Chișinău)', points: 0.075 },
    ]);
    if (!result.excluded) expect(result.score).toBe(0.732);
  });

  it('gives full marks to a perfect match', () => {
    const result = scoreCandidate(sought({ name: 'Ion Ciobanu', ageYears: 10 }), child({ locationPath: ['MD', 'CH', 'CH01'] }), 1, options);
    expect(result).toMatchObject({ excluded: false, score: 1 });
    expect(reasonsOf(result).find((r) => r.criterion === 'location')?.detail).toBe('last seen in the same community (Bubuieci)');
  });

  it('excludes a child of the other sex', () => {
    expect(scoreCandidate(sought({ sex: 'female' }), child(), 1, options)).toEqual({ excluded: true, why: 'sex differs' });
  });

  it('excludes ages further apart than the tolerance, keeps those within', () => {
    expect(scoreCandidate(sought({ ageYears: 7 }), child(), 1, options)).toMatchObject({ excluded: true });
    expect(scoreCandidate(sought({ ageYears: 8 }), child(), 1, options)).toMatchObject({ excluded: false });
    expect(scoreCandidate(sought({ ageYears: null, dateOfBirth: '2013-01-01' }), child(), 1, options)).toMatchObject({ excluded: true });
  });

  it('neither adds nor excludes what is unknown', () => {
    const result = scoreCandidate(sought({ sex: null, ageYears: null, locationPath: null }), child({ dateOfBirth: null }), 0.5, options);
    expect(reasonsOf(result).map((r) => r.criterion)).toEqual(['name', 'phonetic']);
    if (!result.excluded) expect(result.score).toBe(Math.round((WEIGHTS.name * 0.5 + WEIGHTS.phonetic) * 1000) / 1000);
  });

  it('credits a partial phonetic match by the words that sound alike', () => {
    const result = scoreCandidate(sought({ name: 'Maria Russu' }), child({ fullName: 'Mihaela Rusu', sex: 'male' }), 0.35, options);
    expect(reasonsOf(result).find((r) => r.criterion === 'phonetic')).toMatchObject({
      criterion: 'phonetic',
      code: 'phonetic_some',
      params: { words: ['Russu'] },
      detail: 'same phonetic key for "Russu"',
      points: 0.1,
    });
  });

  it('keeps the score within 0..1', () => {
    const result = scoreCandidate(sought(), child(), 1.3, options);
    if (!result.excluded) expect(result.score).toBeLessThanOrEqual(1);
  });
});

describe('locationReason', () => {
  it('words the level the two places share', () => {
    expect(locationReason(['MD', 'CH'], ['MD', 'CH', 'CH01'], options)).toMatchObject({
      criterion: 'location',
      code: 'location_same',
      params: { level: 'district', code: 'CH' },
      detail: 'last seen in the same district (Chișinău)',
      points: 0.075,
    });
    expect(locationReason(['MD', 'ST', 'ST01'], ['MD', 'CH', 'CH01'], options)).toMatchObject({
      criterion: 'location',
      detail: 'last seen in a different district from where the child is registered',
      points: 0,
    });
  });

  it('says "area" or "place" without level names', () => {
    const plain = { ...options, locationLevels: [] };
    expect(locationReason(['MD', 'CH', 'CH01'], ['MD', 'CH', 'CH02'], plain)?.detail).toBe('last seen in the same area (Chișinău)');
    expect(locationReason(['MD', 'CH', 'CH01'], ['MD', 'CH', 'CH01'], plain)?.detail).toBe('last seen in the same place (Bubuieci)');
  });

  it('has nothing to say without a last seen location', () => expect(locationReason(null, ['MD'], options)).toBeNull());
});

it('redacts the registered name for a user who may not read it', () => {
  const reason: MatchReason = { criterion: 'name', detail: 'name "Ioan Ciobanou" is 72% similar to "Ion Ciobanu"', points: 0.324 };
  expect(redactNameReason(reason).detail).toBe('name "Ioan Ciobanou" is 72% similar to the child\'s registered name');
  const age: MatchReason = { criterion: 'age', detail: 'same age (9 years)', points: 0.2 };
  expect(redactNameReason(age)).toBe(age);
});

it('redacts a coded name reason: neither the registered name nor its parameters are left', () => {
  const [name] = reasonsOf(scoreCandidate(sought(), child(), 0.72, options));
  const redacted = redactNameReason(name);
  expect(redacted).toMatchObject({ code: 'name_similar_redacted', params: { sought: 'Ioan Ciobanou', percent: 72 }, points: 0.324 });
  expect(JSON.stringify(redacted)).not.toContain('Ion Ciobanu');
});
