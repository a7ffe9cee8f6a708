import { fieldSchemaOf, optionListValues } from '@app/forms';
import type { FormDef, SopPack } from '@app/pack-types';
import { jp, PackIssue } from './pack-issue';

const F = 'security.json';

/**
 * security.json consent.fromForms: each mapped question is a coded answer of a pack form, its
 * options and the purposes, givers and method it names exist, and assent is mapped only where the
 * pack asks for assent.
 */
export function checkConsentFromForms(pack: SopPack): PackIssue[] {
  const issues: PackIssue[] = [];
  const err = (path: string, code: string, message: string) => issues.push({ file: F, path, code, message, severity: 'error' });
  const sec = pack.security.consent;
  const purposes = sec.purposes.map((p) => p.id);
  const givers = sec.givers.map((g) => g.id);
  const checkGiver = (path: string, id: string) => {
    if (!givers.includes(id)) err(path, 'unknown_consent_giver', `"${id}" is not one of consent.givers: ${givers.join(', ')}`);
  };

  (sec.fromForms ?? []).forEach((m, i) => {
    const base = jp('$.consent.fromForms', i);
    const form = pack.forms.find((f) => f.id === m.form);
    if (!form) {
      err(jp(base, 'form'), 'unknown_form', `form "${m.form}" is not one of the pack's forms: ${pack.forms.map((f) => f.id).join(', ')}`);
      return;
    }
    const options = codedOptions(pack, form, m.field);
    if (options === undefined) err(jp(base, 'field'), 'unknown_field', `form "${m.form}" has no field "${m.field}"`);
    else if (options === null)
      err(
        jp(base, 'field'),
        'field_not_coded',
        `"${m.form}.${m.field}" is not a single coded answer (an option list or enum): its answers cannot be mapped to decisions`,
      );
    else {
      for (const value of Object.keys(m.decisions)) {
        if (!options.includes(value))
          err(jp(base, 'decisions', value), 'unknown_option', `"${value}" is not an option of "${m.form}.${m.field}": ${options.join(', ')}`);
      }
    }
    if (m.kind === 'assent' && !sec.assent)
      err(
        jp(base, 'kind'),
        'assent_not_asked',
        'this pack does not ask for assent (no consent.assent): map the question as consent, or declare consent.assent',
      );
    m.purposes.forEach((p, j) => {
      if (!purposes.includes(p))
        err(jp(base, 'purposes', j), 'unknown_consent_purpose', `consent purpose "${p}" is not one of consent.purposes: ${purposes.join(', ')}`);
    });
    if (!sec.methods.includes(m.method))
      err(jp(base, 'method'), 'unknown_consent_method', `"${m.method}" is not one of consent.methods: ${sec.methods.join(', ')}`);

    if (typeof m.givenBy === 'string') checkGiver(jp(base, 'givenBy'), m.givenBy);
    else {
      const path = jp(base, 'givenBy');
      const giverOptions = codedOptions(pack, form, m.givenBy.field);
      if (giverOptions === undefined) err(jp(path, 'field'), 'unknown_field', `form "${m.form}" has no field "${m.givenBy.field}"`);
      else if (giverOptions === null)
        err(
          jp(path, 'field'),
          'field_not_coded',
          `"${m.form}.${m.givenBy.field}" is not a single coded answer (an option list or enum): it cannot name a giver`,
        );
      else {
        for (const [value, giver] of Object.entries(m.givenBy.values ?? {})) {
          if (!giverOptions.includes(value))
            err(jp(path, 'values', value), 'unknown_option', `"${value}" is not an option of "${m.form}.${m.givenBy.field}": ${giverOptions.join(', ')}`);
          checkGiver(jp(path, 'values', value), giver);
        }
        // Without `values`, the answer itself names the giver: every option must be one.
        if (!m.givenBy.values) giverOptions.forEach((o) => checkGiver(jp(path, 'field'), o));
      }
      checkGiver(jp(path, 'otherwise'), m.givenBy.otherwise);
    }
    if (m.givenByName) {
      const schema: any = fieldSchemaOf(form.schema, m.givenByName.field);
      if (!schema) err(jp(base, 'givenByName', 'field'), 'unknown_field', `form "${m.form}" has no field "${m.givenByName.field}"`);
      else if (schema.type !== 'string' || codedOptions(pack, form, m.givenByName.field) !== null)
        err(jp(base, 'givenByName', 'field'), 'field_not_text', `"${m.form}.${m.givenByName.field}" is not a free-text answer: it cannot hold a name`);
    }
  });
  return issues;
}

/** The option values of a single coded answer; null for any other field; undefined when there is no such field. */
function codedOptions(pack: SopPack, form: FormDef, field: string): string[] | null | undefined {
  const schema: any = fieldSchemaOf(form.schema, field);
  if (!schema) return undefined;
  if (insideList(form, field)) return null;
  const list = schema['x-optionList'];
  if (typeof list === 'string') return optionListValues(schema, pack) ?? null;
  if (Array.isArray(schema.enum) && schema.enum.every((v: unknown) => typeof v === 'string')) return schema.enum;
  if (Array.isArray(schema.oneOf) && schema.oneOf.every((o: any) => typeof o?.const === 'string')) return schema.oneOf.map((o: any) => o.const);
  return null;
}

/** Whether the dotted path passes through a list (one answer per item, not one per form). */
function insideList(form: FormDef, field: string): boolean {
  const parts = field.split('.');
  return parts.some((_, k) => (fieldSchemaOf(form.schema, parts.slice(0, k + 1).join('.')) as any)?.type === 'array');
}
