import { lastCompletedPeriod } from './report-periods';

describe('scheduled report periods', () => {
  it.each([
    ['month', '2026-06-01', { key: '2026-05', from: '2026-05-01', to: '2026-05-31' }],
    ['month', '2026-01-15', { key: '2025-12', from: '2025-12-01', to: '2025-12-31' }],
    ['month', '2028-03-01', { key: '2028-02', from: '2028-02-01', to: '2028-02-29' }],
    ['quarter', '2026-07-01', { key: '2026-Q2', from: '2026-04-01', to: '2026-06-30' }],
    ['quarter', '2026-02-10', { key: '2025-Q4', from: '2025-10-01', to: '2025-12-31' }],
    ['week', '2026-06-15', { key: 'week-2026-06-08', from: '2026-06-08', to: '2026-06-14' }], // a Monday
    ['week', '2026-06-14', { key: 'week-2026-06-01', from: '2026-06-01', to: '2026-06-07' }], // a Sunday
  ] as const)('%s before %s', (every, today, expected) => {
    expect(lastCompletedPeriod(every, today)).toEqual(expected);
  });
});
