import type { ReportTable } from '../report-table';
import { indicatorSheet } from './indicator-sheet';

const table = (over: Partial<ReportTable> = {}): ReportTable => ({
  indicator: { id: 'cases_registered', label: 'Cases registered', description: null, kind: 'count', unit: 'count' },
  dimensions: [
    {
      id: 'sex',
      label: 'Sex',
      values: [
        { key: 'female', label: 'Female' },
        { key: 'male', label: 'Male' },
        { key: null, label: 'Not recorded' },
      ],
    },
  ],
  cells: [
    { keys: { sex: 'female' }, n: 12, value: 12, suppressed: false },
    { keys: { sex: 'male' }, n: null, value: null, suppressed: true },
    { keys: { sex: null }, n: null, value: null, suppressed: true },
  ],
  total: { keys: {}, n: 15, value: 15, suppressed: false },
  period: { from: '2025-12-31T22:00:00.000Z', to: '2026-12-31T22:00:00.000Z' },
  suppression: { applied: true, threshold: 5, suppressedCells: 2 },
  ...over,
});

describe('indicatorSheet', () => {
  it('writes one row per cell with labels, "*" for suppressed figures, a total and notes', () => {
    const s = indicatorSheet(table(), 'en', 'Europe/Chisinau');
    expect(s.header).toEqual(['Sex', 'Count']);
    expect(s.rows).toEqual([
      ['Female', 12],
      ['Male', '*'],
      ['Not recorded', '*'],
      ['Total', 15],
    ]);
    expect(s.notes[0]).toBe('Cases registered');
    expect(s.notes[1]).toBe('Period: 2026-01-01 – 2026-12-31');
    expect(s.notes[2]).toMatch(/^\* Suppressed: fewer than 5/);
    // Any population: the note speaks of people, in every language.
    expect(s.notes[2]).toMatch(/This protects people from being identified\.$/);
    expect(indicatorSheet(table(), 'fr', 'Europe/Chisinau').notes[2]).toMatch(/protège les personnes/);
    expect(['en', 'fr', 'ro'].map((l) => indicatorSheet(table(), l, 'Europe/Chisinau').notes[2]).join(' ')).not.toMatch(/child|enfant|copii/i);
  });

  it('gives ratios and deadlines their figures, all starred when suppressed, and no note when nothing is', () => {
    const ratio = indicatorSheet(
      table({
        indicator: { id: 'r', label: 'Share', description: 'High among assessed', kind: 'ratio', unit: 'percent' },
        dimensions: [],
        cells: [],
        total: { keys: {}, n: 40, value: 25, measures: { numerator: 10 }, suppressed: false },
        period: { from: null, to: null },
      }),
      'fr',
    );
    expect(ratio.header).toEqual(['Pourcentage', 'Numérateur', 'Dénominateur']);
    expect(ratio.rows).toEqual([[25, 10, 40]]);
    expect(ratio.notes).toEqual(['Share: High among assessed', 'Période: toute la période']);
    const deadline = indicatorSheet(
      table({
        indicator: { id: 'd', label: 'On time', description: null, kind: 'deadline', unit: 'percent' },
        cells: [{ keys: { sex: 'female' }, n: null, value: null, suppressed: true }],
        total: { keys: {}, n: 20, value: 50, measures: { met: 10, late: 4, missed: 5, stillOpen: 1, medianDelayHours: 20 }, suppressed: false },
      }),
      'en',
    );
    expect(deadline.header).toEqual(['Sex', 'Percent', 'Due', 'Kept on time', 'Kept late', 'Missed', 'Still open', 'Median delay (hours)']);
    expect(deadline.rows).toEqual([
      ['Female', '*', '*', '*', '*', '*', '*', '*'],
      ['Total', 50, 20, 10, 4, 5, 1, 20],
    ]);
    const fr = indicatorSheet(table({ indicator: { id: 'd', label: 'À temps', description: null, kind: 'deadline', unit: 'percent' }, dimensions: [] }), 'fr');
    expect(fr.header).toEqual([
      'Pourcentage',
      'Échues',
      'Respectées à temps',
      'Respectées en retard',
      'Manquées',
      'Toujours ouvertes',
      'Retard médian (heures)',
    ]);
  });

  it("writes an Arabic reader's headers, total and notes in Arabic, not in English", () => {
    const latin = /[A-Za-z]/;
    const count = indicatorSheet(table({ indicator: { id: 'c', label: 'الحالات المسجلة', description: null, kind: 'count', unit: 'count' } }), 'ar');
    expect(count.header[1]).toBe('العدد');
    expect(count.rows[3][0]).toBe('المجموع');
    expect(count.notes[2]).toMatch(/^\* مخفي: أقل من 5/);
    const deadline = indicatorSheet(
      table({
        indicator: { id: 'd', label: 'في الموعد', description: null, kind: 'deadline', unit: 'percent' },
        dimensions: [],
        period: { from: null, to: null },
      }),
      'ar',
    );
    expect(deadline.header).toEqual(['النسبة المئوية', 'المستحقة', 'أُنجزت في الموعد', 'أُنجزت متأخرة', 'فائتة', 'ما زالت مفتوحة', 'وسيط التأخير (ساعات)']);
    expect(deadline.notes[1]).toBe('الفترة: كل التواريخ');
    // Sex's label and values come from the table (the pack's words); every built-in word is Arabic.
    expect([...count.header.slice(1), count.rows[3][0], ...count.notes, ...deadline.header, ...deadline.notes].filter((t) => latin.test(String(t)))).toEqual(
      [],
    );
  });
});
