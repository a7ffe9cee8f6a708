import { parsePeriodId, periodOf, previousPeriod } from './dhis2-periods';

describe('DHIS2 periods', () => {
  it('writes months, quarters and ISO weeks as DHIS2 does', () => {
    expect(periodOf('monthly', '2026-12-07')).toEqual({ id: '202612', from: '2026-12-01', to: '2026-12-31' });
    expect(periodOf('quarterly', '2026-11-15')).toEqual({ id: '2026Q4', from: '2026-10-01', to: '2026-12-31' });
    expect(periodOf('weekly', '2026-12-07')).toEqual({ id: '2026W50', from: '2026-12-07', to: '2026-12-13' });
    // 1 January 2027 is a Friday: it belongs to the last ISO week of 2026 (week 53).
    expect(periodOf('weekly', '2027-01-01')).toEqual({ id: '2026W53', from: '2026-12-28', to: '2027-01-03' });
    expect(periodOf('weekly', '2026-01-01').id).toBe('2026W1');
  });

  it('gives the last closed period before a day', () => {
    expect(previousPeriod('monthly', '2027-01-01')).toEqual({ id: '202612', from: '2026-12-01', to: '2026-12-31' });
    expect(previousPeriod('quarterly', '2026-12-07').id).toBe('2026Q3');
    expect(previousPeriod('weekly', '2026-12-07')).toEqual({ id: '2026W49', from: '2026-11-30', to: '2026-12-06' });
  });

  it('reads period ids of the pack type only, refusing malformed ones', () => {
    expect(parsePeriodId('monthly', '202602')).toEqual({ id: '202602', from: '2026-02-01', to: '2026-02-28' });
    expect(parsePeriodId('quarterly', '2026Q4')?.from).toBe('2026-10-01');
    expect(parsePeriodId('weekly', '2026W49')).toEqual({ id: '2026W49', from: '2026-11-30', to: '2026-12-06' });
    expect(parsePeriodId('weekly', '2026W53')?.to).toBe('2027-01-03');
    expect(parsePeriodId('weekly', '2027W53')).toBeNull();
    expect(parsePeriodId('monthly', '202613')).toBeNull();
    expect(parsePeriodId('monthly', '2026Q4')).toBeNull();
    expect(parsePeriodId('weekly', '2026W09')).toBeNull();
  });
});
