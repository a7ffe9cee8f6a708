import type { ApiSchemas } from './api-types';
import { useEffect, useState } from 'react';
import { useApp } from './session';
import { currentSop, pick, SopSummary } from './sop';

export interface Choice {
  value: string;
  label: string;
}

/** The pack's words for what a case list shows and filters by: steps, case types, places, risk levels. */
export interface CaseVocabulary {
  steps: Choice[];
  caseTypes: Choice[];
  /** Every place of the pack, each after the place it belongs to; `depth` 0 is the country. */
  locations: Array<Choice & { depth: number }>;
  risks: Choice[];
  /** The label of a value, or the value itself when the pack does not know it (an older version's step). */
  label(kind: 'steps' | 'caseTypes' | 'locations' | 'risks', value: string | null): string;
}

type LocationNode = ApiSchemas['LocationNode'];

export function vocabularyOf(sop: SopSummary, locale: string): CaseVocabulary {
  const steps = sop.workflow.steps.map((s) => ({ value: s.id, label: pick(s.label, locale) }));
  const caseTypes = sop.manifest.caseTypes.map((c) => ({ value: c.id, label: pick(c.label, locale) }));
  const locations: CaseVocabulary['locations'] = [];
  const visit = (node: LocationNode | undefined, depth: number) => {
    if (!node) return;
    locations.push({ value: node.code, label: pick(node.name, locale), depth });
    node.children?.forEach((child) => visit(child, depth + 1));
  };
  visit(sop.locations?.root, 0);
  // Risk levels are the options of each case type's risk question (`riskField`), labelled in the form's language.
  const risks: Choice[] = [];
  for (const type of sop.manifest.caseTypes as Array<{ riskField?: string }>) {
    const [formId, field] = (type.riskField ?? '').split('.');
    const property = sop.forms.find((f) => f.id === formId)?.schema?.properties?.[field];
    const options: Choice[] = (property?.oneOf ?? []).map((o: { const: string; title?: string }) => ({ value: o.const, label: o.title ?? o.const }));
    if (!options.length && Array.isArray(property?.enum)) options.push(...property.enum.map((v: string) => ({ value: v, label: v })));
    for (const o of options) if (!risks.some((r) => r.value === o.value)) risks.push(o);
  }
  const lists = { steps, caseTypes, locations, risks };
  return {
    ...lists,
    label: (kind, value) => (value === null ? '' : (lists[kind].find((c) => c.value === value)?.label ?? value)),
  };
}

/** The vocabulary in the user's language; null until the SOP is loaded (once per language). */
export function useVocabulary(): CaseVocabulary | null {
  const { locale } = useApp();
  const [vocabulary, setVocabulary] = useState<CaseVocabulary | null>(null);
  useEffect(() => {
    let live = true;
    currentSop(locale)
      .then((sop) => live && setVocabulary(vocabularyOf(sop, locale)))
      .catch(() => live && setVocabulary(null));
    return () => {
      live = false;
    };
  }, [locale]);
  return vocabulary;
}
