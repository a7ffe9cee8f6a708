import { DomainError, pickLabel } from '@app/core';
import type { SopPack, Translated } from '@app/pack-types';
import { countMeasure, filterFields, Measure } from './indicator-sql';
import type { IndicatorKind } from './report-table';
import { ReportErrorCode } from './reporting.errors';

/** An indicator of the pack, ready to be measured. */
export interface ResolvedIndicator {
  id: string;
  label: Translated;
  description?: Translated;
  kind: IndicatorKind;
  /** The counted rows (numerator for a ratio). */
  measure: Measure;
  denominator?: Measure;
  /** Counts cases as they are now: no period. */
  current: boolean;
  /** Answers read to compute it (the user's scope narrows to cases where they may read them). */
  fields: Array<{ formId: string; field: string }>;
}

const DEADLINE_PREFIX = 'deadline.';

const T = (en: string, fr: string, ro: string, ar: string): Translated => ({ en, fr, ro, ar });

/** Every indicator of a pack: the declared ones, then one SOP-compliance indicator per deadline. */
export function packIndicators(pack: SopPack): ResolvedIndicator[] {
  const declared = new Map(pack.reporting.indicators.map((i) => [i.id, i]));
  const out: ResolvedIndicator[] = [];
  for (const def of pack.reporting.indicators) {
    if (def.kind === 'count') {
      out.push({
        id: def.id,
        label: def.label,
        description: def.description,
        kind: 'count',
        measure: countMeasure(def),
        current: def.of === 'cases' && !!def.current,
        fields: filterFields(def.where),
      });
      continue;
    }
    const num = declared.get(def.numerator);
    const den = declared.get(def.denominator);
    if (num?.kind !== 'count' || den?.kind !== 'count') continue; // refused by the pack validator
    out.push({
      id: def.id,
      label: def.label,
      description: def.description,
      kind: 'ratio',
      measure: countMeasure(num),
      denominator: countMeasure(den),
      current: !!num.current || !!den.current,
      fields: [...filterFields(num.where), ...filterFields(den.where)],
    });
  }
  for (const d of pack.deadlines) {
    out.push({
      id: `${DEADLINE_PREFIX}${d.id}`,
      label: Object.fromEntries(
        Object.entries(d.label).map(([l, text]) => [
          l,
          `${text}: ${pickLabel(T('kept on time', 'respecté à temps', 'respectat la timp', 'أُنجز في الموعد'), l)}`,
        ]),
      ),
      description: T(
        'Share of these deadlines kept on time, among those that fell due: kept on time, kept late, missed (no longer applied before being kept) or still open past their time; median delay of those kept late or still open.',
        "Part de ces délais respectés à temps, parmi ceux échus : respectés à temps, respectés en retard, manqués (plus applicables avant d'avoir été respectés) ou encore ouverts après leur échéance ; retard médian de ceux respectés en retard ou encore ouverts.",
        'Ponderea acestor termene respectate la timp, dintre cele scadente: respectate la timp, respectate cu întârziere, ratate (nu mai erau aplicabile înainte de a fi respectate) sau încă deschise după scadență; întârzierea mediană a celor respectate cu întârziere sau încă deschise.',
        'نسبة هذه المواعيد التي أُنجزت في موعدها من بين المواعيد التي حلّ أجلها: أُنجزت في الموعد، أو أُنجزت بعد فوات الموعد، أو فاتت (لم تعد منطبقة قبل إنجازها)، أو ما زالت مفتوحة بعد موعدها؛ ووسيط التأخير لما أُنجز بعد فوات الموعد أو ما زال مفتوحًا.',
      ),
      kind: 'deadline',
      measure: { source: 'deadlines', deadlineId: d.id },
      current: false,
      fields: [],
    });
  }
  return out;
}

export function findIndicator(pack: SopPack, id: string): ResolvedIndicator {
  const found = packIndicators(pack).find((i) => i.id === id);
  if (!found) throw new DomainError(ReportErrorCode.UnknownIndicator, `There is no indicator "${id}" in this SOP.`);
  return found;
}
