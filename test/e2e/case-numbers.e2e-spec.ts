import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Case numbers are drawn outside the registration's transaction (issue 18: registrations of one
 * district no longer queue behind each other's whole transaction). Registrations at once in one
 * district still get distinct numbers, one after another, and a registration refused by its checks
 * draws none.
 */
describe('case numbers under concurrent registrations', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  const child = (n: number) => ({
    first_name: 'Ana',
    last_name: `Number${n}`,
    sex: 'female',
    date_of_birth: '2016-02-03',
    consent_status: 'given',
    assent_status: 'given',
  });

  beforeAll(async () => {
    t = await startTestApp('case_numbers');
    api = casesClient(t);
  });
  afterAll(() => t?.close());

  it('twelve registrations at once in one district get twelve distinct numbers in sequence', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => api.register('caseworker', 'child_protection', child(i))));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const seqs = results.map((r) => Number(/(\d+)$/.exec(r.body.caseNumber)![1])).sort((a, b) => a - b);
    expect(new Set(results.map((r) => r.body.caseNumber)).size).toBe(12);
    expect(seqs[seqs.length - 1] - seqs[0]).toBe(11);
  });

  it('a registration refused by its checks draws no number: the next one follows on', async () => {
    const before = await api.register('caseworker', 'child_protection', child(100));
    const refused = await api.register('caseworker', 'child_protection', { ...child(101), sex: 'unknown-value' });
    expect(refused.status).toBe(422);
    const after = await api.register('caseworker', 'child_protection', child(102));
    const seq = (n: string) => Number(/(\d+)$/.exec(n)![1]);
    expect(seq(after.body.caseNumber)).toBe(seq(before.body.caseNumber) + 1);
  });
});
