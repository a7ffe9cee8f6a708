import { pickLabel } from '@app/core';
import type { SopPack, Translated } from '@app/pack-types';
import { DIMENSION_KINDS, DimensionContext, DimensionKind } from '../dimensions';
import type { Cell } from './table-types';

export const T = (en: string, fr: string, ro: string, ar: string): Translated => ({ en, fr, ro, ar });

/** Headers of the columns every case export has (answer columns are labelled by their form). */
export const HEADERS = {
  caseNumber: T('Case number', 'Numéro de dossier', 'Numărul cazului', 'رقم الحالة'),
  pseudonym: T('Pseudonymous id', 'Identifiant pseudonyme', 'Identificator pseudonim', 'المعرّف المستعار'),
  caseType: T('Case type', 'Type de cas', 'Tipul cazului', 'نوع الحالة'),
  status: T('Status', 'Statut', 'Statut', 'الحالة الإدارية'),
  step: T('Step', 'Étape', 'Etapa', 'المرحلة'),
  risk: T('Risk level', 'Niveau de risque', 'Nivelul de risc', 'مستوى الخطورة'),
  sex: T('Sex', 'Sexe', 'Sexul', 'الجنس'),
  ageBand: T('Age at registration', "Âge à l'enregistrement", 'Vârsta la înregistrare', 'العمر عند التسجيل'),
  registeredAt: T('Registered at', 'Enregistré le', 'Înregistrat la', 'تاريخ التسجيل'),
  closedAt: T('Closed at', 'Clôturé le', 'Închis la', 'تاريخ الإغلاق'),
  registeredMonth: T('Registration month', "Mois d'enregistrement", 'Luna înregistrării', 'شهر التسجيل'),
  closedMonth: T('Closure month', 'Mois de clôture', 'Luna închiderii', 'شهر الإغلاق'),
  locationCode: T('Location code', 'Code du lieu', 'Codul localității', 'رمز المكان'),
  locationName: T('Location', 'Lieu', 'Localitatea', 'المكان'),
  worker: T('Assigned worker', 'Travailleur assigné', 'Asistent responsabil', 'المسؤول عن الحالة'),
} satisfies Record<string, Translated>;

const YES_NO: Record<string, Translated> = { true: T('Yes', 'Oui', 'Da', 'نعم'), false: T('No', 'Non', 'Nu', 'لا') };

export type Formatter = (v: string | null) => Cell;

/**
 * Labels of a dimension's values (case type, status, step, risk, sex, age band), worked out once
 * per export: a 100,000-row export must not rebuild option lists for every cell.
 */
export function dimensionLabels(kind: DimensionKind, ctx: DimensionContext, arg?: string): Formatter {
  const known = new Map((kind.values(arg, ctx) ?? []).map((v) => [v.key, v.label]));
  return (v) => {
    if (v === null) return null;
    let label = known.get(v);
    if (label === undefined) {
      label = kind.valueLabel(v, arg, ctx);
      known.set(v, label);
    }
    return label;
  };
}

export function locationNames(pack: SopPack, locale: string): Formatter {
  const names = new Map<string, string>();
  const walk = (n: SopPack['locations']['root']) => {
    names.set(n.code, pickLabel(n.name, locale));
    (n.children ?? []).forEach(walk);
  };
  walk(pack.locations.root);
  return (v) => (v === null ? null : (names.get(v) ?? v));
}

export function fieldSchema(pack: SopPack, formId: string, field: string): Record<string, any> | undefined {
  return (pack.forms.find((f) => f.id === formId)?.schema as any)?.properties?.[field];
}

/** The header of an answer column: the field's label in the user's language, else its title or path. */
export function fieldHeader(pack: SopPack, locale: string, formId: string, field: string): string {
  const s = fieldSchema(pack, formId, field);
  return (s?.['x-label'] ? pickLabel(s['x-label'], locale) : s?.title) || `${formId}.${field}`;
}

/**
 * How an answer (as `->>` text) is written: option codes as their labels, yes/no in the user's
 * language, lists of options joined with "; ", anything else as stored.
 */
export function answerFormatter(pack: SopPack, locale: string, formId: string, field: string): Formatter {
  const s = fieldSchema(pack, formId, field);
  const optionsOf = (schema: any): Map<string, string> | null => {
    const list = schema?.['x-optionList'] ? pack.optionLists[schema['x-optionList']] : undefined;
    return list ? new Map(list.map((o) => [String(o.value), pickLabel(o.label, locale)])) : null;
  };
  if (s?.type === 'boolean') {
    const yes = pickLabel(YES_NO.true, locale);
    const no = pickLabel(YES_NO.false, locale);
    return (v) => (v === null ? null : v === 'true' ? yes : v === 'false' ? no : v);
  }
  const options = optionsOf(s);
  if (options) return (v) => (v === null ? null : (options.get(v) ?? v));
  if (s?.type === 'array') {
    const items = optionsOf(s.items);
    return (v) => {
      if (v === null) return null;
      try {
        const list = JSON.parse(v);
        if (Array.isArray(list)) return list.map((x) => items?.get(String(x)) ?? (typeof x === 'string' ? x : JSON.stringify(x))).join('; ');
      } catch {
        // not JSON: written as stored
      }
      return v;
    };
  }
  return (v) => v;
}

export { DIMENSION_KINDS };
