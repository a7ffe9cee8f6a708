import { pickLabel, zonedDay } from '@app/core';
import type { Translated } from '@app/pack-types';
import type { ReportCell, ReportTable } from '../report-table';
import { T } from './export-labels';
import type { Cell } from './table-types';

/** What replaces every figure of a suppressed cell. */
export const SUPPRESSED = '*';

const L = {
  count: T('Count', 'Nombre', 'Număr', 'العدد'),
  percent: T('Percent', 'Pourcentage', 'Procent', 'النسبة المئوية'),
  numerator: T('Numerator', 'Numérateur', 'Numărător', 'البسط'),
  denominator: T('Denominator', 'Dénominateur', 'Numitor', 'المقام'),
  due: T('Due', 'Échues', 'Scadente', 'المستحقة'),
  met: T('Kept on time', 'Respectées à temps', 'Respectate la timp', 'أُنجزت في الموعد'),
  late: T('Kept late', 'Respectées en retard', 'Respectate cu întârziere', 'أُنجزت متأخرة'),
  missed: T('Missed', 'Manquées', 'Ratate', 'فائتة'),
  stillOpen: T('Still open', 'Toujours ouvertes', 'Încă deschise', 'ما زالت مفتوحة'),
  medianDelay: T('Median delay (hours)', 'Retard médian (heures)', 'Întârzierea mediană (ore)', 'وسيط التأخير (ساعات)'),
  total: T('Total', 'Total', 'Total', 'المجموع'),
  period: T('Period', 'Période', 'Perioada', 'الفترة'),
  allTime: T('all time', 'toute la période', 'toată perioada', 'كل التواريخ'),
} satisfies Record<string, Translated>;

const suppressedNote = (threshold: number): Translated =>
  T(
    `${SUPPRESSED} Suppressed: fewer than ${threshold} (but more than none), or hidden so that such a figure cannot be worked out from the totals. This protects people from being identified.`,
    `${SUPPRESSED} Masqué : moins de ${threshold} (mais au moins un), ou masqué pour qu'un tel chiffre ne puisse pas être déduit des totaux. Cela protège les personnes contre l'identification.`,
    `${SUPPRESSED} Ascuns: mai puțin de ${threshold} (dar cel puțin unul), sau ascuns pentru ca o asemenea cifră să nu poată fi dedusă din totaluri. Astfel persoanele nu pot fi identificate.`,
    `${SUPPRESSED} مخفي: أقل من ${threshold} (وواحد على الأقل)، أو مخفي كي لا يمكن استنتاج مثل هذا الرقم من المجاميع. وهذا يحول دون التعرّف على هوية الأشخاص.`,
  );

/** The figures of a cell, in the order of the value columns; a suppressed cell has none. */
function figures(kind: ReportTable['indicator']['kind'], c: ReportCell): Cell[] {
  const m = c.measures ?? {};
  const values: Array<number | null | undefined> =
    kind === 'count' ? [c.value] : kind === 'ratio' ? [c.value, m.numerator, c.n] : [c.value, c.n, m.met, m.late, m.missed, m.stillOpen, m.medianDelayHours];
  return values.map((v) => (c.suppressed ? SUPPRESSED : (v ?? null)));
}

/**
 * An indicator table as the rows of a sheet, the same figures the screen shows: one row per cell
 * (the dimension values' labels, then the figures), a total row, and notes below (what is counted,
 * the period, and what "*" means when cells were suppressed).
 */
export function indicatorSheet(table: ReportTable, locale: string, timeZone = 'UTC'): { header: string[]; rows: Cell[][]; notes: string[] } {
  const tr = (t: Translated) => pickLabel(t, locale);
  const kind = table.indicator.kind;
  const valueHeaders =
    kind === 'count'
      ? [tr(L.count)]
      : kind === 'ratio'
        ? [tr(L.percent), tr(L.numerator), tr(L.denominator)]
        : [tr(L.percent), tr(L.due), tr(L.met), tr(L.late), tr(L.missed), tr(L.stillOpen), tr(L.medianDelay)];
  const header = [...table.dimensions.map((d) => d.label), ...valueHeaders];
  const labelOf = table.dimensions.map((d) => new Map(d.values.map((v) => [v.key, v.label])));
  const rows: Cell[][] = table.cells.map((c) => [...table.dimensions.map((d, i) => labelOf[i].get(c.keys[d.id]) ?? c.keys[d.id]), ...figures(kind, c)]);
  const totalLabels: Cell[] = table.dimensions.length ? [tr(L.total), ...table.dimensions.slice(1).map(() => null)] : [];
  rows.push([...totalLabels, ...figures(kind, table.total)]);

  const day = (iso: string | null, end: boolean) => (iso ? zonedDay(new Date(Date.parse(iso) - (end ? 1 : 0)), timeZone).day : null);
  const from = day(table.period.from, false);
  const to = day(table.period.to, true);
  const notes = [
    table.indicator.description ? `${table.indicator.label}: ${table.indicator.description}` : table.indicator.label,
    `${tr(L.period)}: ${from || to ? `${from ?? '…'} – ${to ?? '…'}` : tr(L.allTime)}`,
  ];
  const anySuppressed = table.total.suppressed || table.cells.some((c) => c.suppressed);
  if (anySuppressed) notes.push(tr(suppressedNote(table.suppression.threshold)));
  return { header, rows, notes };
}
