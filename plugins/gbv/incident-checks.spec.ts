import { incidentProblems, latestAllowedDate } from './incident-checks';

const now = new Date('2026-03-10T22:30:00Z');
const known = (code: string) => ['MD', 'CH', 'CH01'].includes(code);

describe('incident answer checks', () => {
  it('allows today in any time zone east of UTC, not later', () => {
    expect(latestAllowedDate(now)).toBe('2026-03-11');
    expect(incidentProblems({ incident_date: '2026-03-11', date_reported: '2026-03-11' }, now, known)).toEqual([]);
    expect(incidentProblems({ incident_date: '2026-03-12', date_reported: '2026-03-13' }, now, known)).toEqual([
      { path: '/incident_date', message: 'is in the future' },
      { path: '/date_reported', message: 'is in the future' },
    ]);
  });

  it('refuses a report before the incident', () => {
    expect(incidentProblems({ incident_date: '2026-03-05', date_reported: '2026-03-01' }, now, known)).toEqual([
      { path: '/date_reported', message: 'is before the date of the incident' },
    ]);
  });

  it('takes only location codes of the pack as the area', () => {
    expect(incidentProblems({ area: 'CH01' }, now, known)).toEqual([]);
    expect(incidentProblems({ area: 'XX99' }, now, known)).toEqual([{ path: '/area', message: 'is not a location code of the pack' }]);
  });
});
