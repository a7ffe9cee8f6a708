import { dayIn, formatDate, formatDateTime } from '../../apps/web/src/dates';

/**
 * The web app shows case dates on the pack's clock (pack.json `timezone`), not the browser's: a
 * supervisor travelling in New York sees a Chișinău deadline on the same day and at the same hour as
 * the caseworker in Chișinău. A date-only answer stays its calendar day everywhere.
 */
describe('web app dates', () => {
  // The browser is in New York (UTC-4 in mid-March 2026, after the US change to summer time): a
  // formatter without a zone uses it, as a browser's does.
  const RealDateTimeFormat = Intl.DateTimeFormat;
  beforeAll(() => {
    jest
      .spyOn(Intl, 'DateTimeFormat')
      .mockImplementation(
        ((locale?: string, options?: Intl.DateTimeFormatOptions) =>
          new RealDateTimeFormat(locale, { ...options, timeZone: options?.timeZone ?? 'America/New_York' })) as typeof Intl.DateTimeFormat,
      );
  });
  afterAll(() => jest.restoreAllMocks());

  // 23:30 UTC on 13 March is 01:30 on 14 March in Chișinău (UTC+2), 19:30 on 13 March in New York.
  const deadline = '2026-03-13T23:30:00.000Z';

  it("shows a moment in the pack's time zone", () => {
    expect(formatDateTime(deadline, 'en', 'Europe/Chisinau')).toBe('Mar 14, 2026, 1:30 AM');
    expect(formatDateTime(deadline, 'fr', 'Europe/Chisinau')).toBe('14 mars 2026, 01:30');
    expect(formatDate(deadline, 'en', 'Europe/Chisinau')).toBe('Mar 14, 2026');
    expect(formatDateTime(deadline, 'en', 'UTC')).toBe('Mar 13, 2026, 11:30 PM');
    // Before the pack is loaded: the browser's zone.
    expect(formatDateTime(deadline, 'en')).toBe('Mar 13, 2026, 7:30 PM');
  });

  it('keeps a date-only value on its calendar day, whatever the zones', () => {
    for (const zone of ['Europe/Chisinau', 'America/New_York', 'Pacific/Kiritimati', undefined]) {
      expect([zone, formatDate('2026-03-14', 'en', zone)]).toEqual([zone, 'Mar 14, 2026']);
      expect([zone, formatDateTime('2026-03-14', 'en', zone)]).toEqual([zone, 'Mar 14, 2026']);
    }
  });

  it('tells the pack\'s day of a moment ("due today")', () => {
    expect(dayIn(deadline, 'Europe/Chisinau')).toBe('2026-03-14');
    expect(dayIn(deadline, 'UTC')).toBe('2026-03-13');
    expect(dayIn(new Date(deadline))).toBe('2026-03-13');
  });

  it("falls back to the browser's zone for a zone it does not know, and shows nothing for no value", () => {
    expect(formatDateTime(deadline, 'en', 'Nowhere/Atlantis')).toBe('Mar 13, 2026, 7:30 PM');
    expect(formatDateTime(null, 'en', 'Europe/Chisinau')).toBe('');
    expect(formatDate(undefined, 'en', 'Europe/Chisinau')).toBe('');
  });
});
