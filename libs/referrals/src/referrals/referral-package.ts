import type { FormSubmissionEntity } from '@app/database';
import type { ServiceTypeDef } from '@app/pack-types';
import type { CompiledSop } from '@app/sop-registry';

export interface PackageProblem {
  path: string;
  message: string;
}

/**
 * What a referral shares: the chosen forms, within the service type's minimum and maximum, and of
 * each only the fields the referring user may read, never a sensitive one (sensitive findings go to
 * a specialist through a share, where consent and role rules decide field by field).
 */
export function sharedFieldsFor(
  sop: CompiledSop,
  serviceType: ServiceTypeDef,
  forms: string[],
  readable: (formId: string) => string[],
): { shared: Record<string, string[]>; problems: PackageProblem[] } {
  const problems: PackageProblem[] = [];
  const rules = serviceType.referral ?? {};
  const min = rules.minForms ?? [];
  const max = rules.maxForms;
  const shared: Record<string, string[]> = {};
  forms.forEach((formId, i) => {
    const path = `/forms/${i}`;
    if (!sop.forms.has(formId)) return problems.push({ path, message: `unknown form "${formId}"` });
    if (max && !max.includes(formId)) {
      return problems.push({ path, message: `"${formId}" may not be shared with a ${serviceType.id} service (at most: ${max.join(', ')})` });
    }
    const fields = readable(formId).filter((f) => !sop.forms.isSensitiveField(formId, f));
    if (fields.length === 0) return problems.push({ path, message: `you may not read form "${formId}" on this case, so you cannot share it` });
    shared[formId] = fields;
  });
  const missing = min.filter((f) => !forms.includes(f));
  if (missing.length) problems.push({ path: '/forms', message: `a ${serviceType.id} referral must share at least: ${missing.join(', ')}` });
  return { shared, problems };
}

/** `form.field` of every shared field (audit entries). */
export function sharedFieldPaths(shared: Record<string, string[]>): string[] {
  return Object.entries(shared).flatMap(([form, fields]) => fields.map((f) => `${form}.${f}`));
}

export interface PackageSection {
  form: string;
  title: string;
  fields: Array<{ name: string; label: string }>;
  entries: Array<{ status: string; completedAt: string | null; answers: Record<string, unknown> }>;
}

/**
 * The shared forms' current complete answers (never drafts), limited to the shared fields, with titles
 * and labels in `locale`. Live: a form completed later is shown too, while the referral is open.
 */
export function packageSections(sop: CompiledSop, shared: Record<string, string[]>, submissions: FormSubmissionEntity[], locale: string): PackageSection[] {
  return Object.entries(shared).map(([form, fields]) => {
    const schema = sop.forms.jsonSchema(form, locale);
    const props: Record<string, any> = schema?.properties ?? {};
    return {
      form,
      title: typeof schema?.title === 'string' ? schema.title : form,
      fields: fields.map((name) => ({ name, label: typeof props[name]?.title === 'string' ? props[name].title : name })),
      entries: submissions
        .filter((s) => s.formId === form && s.status === 'complete')
        .map((s) => ({
          status: s.status,
          completedAt: s.completedAt ? new Date(s.completedAt).toISOString() : null,
          answers: Object.fromEntries(fields.filter((f) => f in s.answers).map((f) => [f, s.answers[f]])),
        })),
    };
  });
}

/** One form's latest entry as printable label/value pairs (option codes shown by their labels). */
export function printableSections(sop: CompiledSop, sections: PackageSection[], locale: string, yesNo: [string, string]) {
  return sections.map((section) => {
    const props: Record<string, any> = sop.forms.jsonSchema(section.form, locale)?.properties ?? {};
    const latest = section.entries[section.entries.length - 1];
    return {
      title: section.title,
      fields: section.fields
        .filter((f) => latest && latest.answers[f.name] !== undefined && latest.answers[f.name] !== null && latest.answers[f.name] !== '')
        .map((f) => ({ label: f.label, value: printable(latest.answers[f.name], props[f.name], yesNo) })),
    };
  });
}

function printable(value: unknown, schema: any, yesNo: [string, string]): string {
  const label = (v: unknown) => {
    const options: Array<{ const: unknown; title: string }> = schema?.oneOf ?? schema?.items?.oneOf ?? [];
    return options.find((o) => o.const === v)?.title ?? String(v);
  };
  if (typeof value === 'boolean') return value ? yesNo[0] : yesNo[1];
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (value && typeof value === 'object') return JSON.stringify(value);
  return label(value);
}
