/**
 * A field's conditions in the studio: which questions of the form may be tested (those with a closed
 * set of answers), their answers by label, and the JSON Patch that adds or removes a condition
 * (apps/web/src/form-conditions.ts states the format). Pure, like draft-model.ts.
 */
import { conditionBlock, formConditions, type FormCondition, type LocatedCondition } from '../../form-conditions';
import type { PatchOperation } from './draft-model';
import { optionsOf } from './field-model';

type Files = Record<string, any>;

/** A label in the reader's language (pure: the app's `pick` lives beside its API client). */
const pick = (label: unknown, locale: string): string => {
  if (typeof label === 'string') return label;
  if (!label || typeof label !== 'object') return '';
  const l = label as Record<string, string>;
  return l[locale] ?? l.en ?? Object.values(l)[0] ?? '';
};
export type AnswerValue = string | number | boolean;

/** One answer a tested question can have: its value and its label in the reader's language. */
export interface AnswerChoice {
  value: AnswerValue;
  label: string;
}

/** The answers of a question with a closed set of them (a choice, a fixed list, yes/no), or null for any other. */
export function answersOf(files: Files, schema: any, locale: string, yesNo: { yes: string; no: string }): AnswerChoice[] | null {
  if (!schema || typeof schema !== 'object' || schema.type === 'array') return null;
  if (typeof schema['x-optionList'] === 'string')
    return optionsOf(files, schema['x-optionList']).map((o) => ({ value: o.value, label: pick(o.label, locale) || o.value }));
  if (Array.isArray(schema.enum))
    return schema.enum.map((v: AnswerValue) => ({ value: v, label: pick(schema['x-enumLabels']?.[String(v)], locale) || String(v) }));
  if (schema.type === 'boolean')
    return [
      { value: true, label: yesNo.yes },
      { value: false, label: yesNo.no },
    ];
  return null;
}

/** The form's conditions on one field. */
export function conditionsOf(formSchema: any, field: string): LocatedCondition[] {
  return formConditions(formSchema).filter((c) => c.field === field);
}

/** Adds a condition at the end of the form's `allOf` (made if the form has none). */
export const addCondition =
  (formSchema: any, c: FormCondition) =>
  (file: string): PatchOperation[] =>
    Array.isArray(formSchema?.allOf)
      ? [{ op: 'add', path: `${file}/schema/allOf/-`, value: conditionBlock(c) }]
      : [{ op: 'add', path: `${file}/schema/allOf`, value: [conditionBlock(c)] }];

/** Removes one; the last block takes `allOf` with it (an empty `allOf` is not valid JSON Schema). */
export const removeCondition =
  (formSchema: any, index: number) =>
  (file: string): PatchOperation[] =>
    (formSchema?.allOf?.length ?? 0) <= 1 ? [{ op: 'remove', path: `${file}/schema/allOf` }] : [{ op: 'remove', path: `${file}/schema/allOf/${index}` }];

/** The label of a field of the form, else its identifier. */
export function fieldLabel(formSchema: any, field: string, locale: string): string {
  const s = formSchema?.properties?.[field];
  return pick(s?.['x-label'], locale) || s?.title || field;
}
