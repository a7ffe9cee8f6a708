import { translate } from '../../apps/web/src/translate';

/** Counted texts in each language's own plural forms (Intl.PluralRules), never "1 charts". */
describe('web texts with plurals', () => {
  const months = (locale: string, n: number) => translate(locale, 'reports.lastMonths', { n });

  it('English and French: one and many, French counting 0 as one', () => {
    expect([months('en', 1), months('en', 3)]).toEqual(['last month', 'last 3 months']);
    expect([months('fr', 1), months('fr', 12)]).toEqual(['dernier mois', '12 derniers mois']);
    expect(translate('fr', 'reports.widgetCount', { n: 0 })).toBe('0 graphique');
    expect(translate('en', 'reports.widgetCount', { n: 0 })).toBe('0 charts');
  });

  it('Arabic: its six forms, the number as Arabic writes it', () => {
    const ar = (n: number) => new Intl.NumberFormat('ar').format(n);
    expect([1, 2, 3, 11, 100].map((n) => translate('ar', 'reports.widgetCount', { n }))).toEqual([
      'رسم بياني واحد',
      'رسمان بيانيان',
      `${ar(3)} رسوم بيانية`,
      `${ar(11)} رسمًا بيانيًا`,
      `${ar(100)} رسم بياني`,
    ]);
  });

  it('two counts in one text, and the other placeholders still filled', () => {
    expect(translate('en', 'dq.summary', { cases: 1, n: 4 })).toBe('1 case checked, 4 problems listed.');
    expect(translate('fr', 'dq.summary', { cases: 20, n: 1 })).toBe('20 cas vérifiés, 1 problème listé.');
  });

  it("Romanian: one, few and 'de' from twenty", () => {
    expect([1, 3, 19, 20, 101].map((n) => months('ro', n))).toEqual([
      'ultima lună',
      'ultimele 3 luni',
      'ultimele 19 luni',
      'ultimele 20 de luni',
      'ultimele 101 luni',
    ]);
  });

  it('a language without the text falls back to English with English forms', () => {
    expect(months('de', 1)).toBe('last month');
  });
});
