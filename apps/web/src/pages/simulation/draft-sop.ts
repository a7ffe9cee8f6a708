/**
 * The pick-lists of the simulation page (forms, roles, case types, steps) read from a draft's files
 * when the draft is simulated, so a form or role the draft adds can be chosen and labels are the
 * draft's. A form the draft leaves as published keeps its compiled schema (labels and options in the
 * language); a new or changed one gets its fields' labels from the draft.
 */

/** What the page picks from (a SopSummary; structural, so this module stays free of the API client). */
interface PickLists {
  manifest: any;
  workflow: any;
  roles: any[];
  deadlines: any[];
  optionLists: any;
  forms: Array<{ id: string; version: number; title: any; schema: any; uiSchema: any }>;
}

type Files = Record<string, any>;
type Label = Record<string, string> | string | undefined;

const pick = (label: Label, locale: string): string =>
  !label ? '' : typeof label === 'string' ? label : (label[locale] ?? label.en ?? Object.values(label)[0] ?? '');

export function draftSop<S extends PickLists>(published: S, files: Files, locale: string): S {
  const manifest = files['pack.json'];
  const listed: Array<{ id: string; version: number }> = Array.isArray(manifest?.forms) ? manifest.forms : [];
  const forms = listed.flatMap((f) => {
    const same = published.forms.find((p) => p.id === f.id && p.version === f.version);
    if (same) return [same];
    const content = files[`forms/${f.id}.v${f.version}.json`];
    return content
      ? [{ id: f.id, version: f.version, title: content.title ?? {}, schema: withTitles(content.schema ?? {}, locale), uiSchema: content.uiSchema ?? {} }]
      : [];
  });
  return {
    ...published,
    manifest: manifest ?? published.manifest,
    workflow: files['workflow.json'] ?? published.workflow,
    roles: files['roles.json']?.roles ?? published.roles,
    deadlines: files['deadlines.json']?.deadlines ?? published.deadlines,
    optionLists: files['option-lists.json']?.optionLists ?? published.optionLists,
    forms,
  } as S;
}

/** Each top-level field's `title` from its `x-label` in the language, as the published schemas have them. */
function withTitles(schema: any, locale: string): any {
  const properties = Object.fromEntries(
    Object.entries<any>(schema.properties ?? {}).map(([name, p]) => [name, p?.['x-label'] ? { ...p, title: pick(p['x-label'], locale) || name } : p]),
  );
  return { ...schema, properties };
}
