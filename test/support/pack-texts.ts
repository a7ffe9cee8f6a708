import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './app';

type Texts = Record<string, string>;
type Json = any;

/** A pack's files as published: its own JSON files and the forms it lists (from its formsDir). */
export function packFiles(sopDir = 'sops/moldova'): Array<{ file: string; json: Json }> {
  const dir = path.resolve(REPO_ROOT, sopDir);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'pack.json'), 'utf8'));
  const own = [
    'pack',
    'workflow',
    'roles',
    'security',
    'services',
    'option-lists',
    'deadlines',
    'locations',
    'organisations',
    'notifications',
    'reporting',
    'data-quality',
  ];
  const files = own.map((name) => path.join(dir, `${name}.json`));
  const formsDir = path.resolve(dir, manifest.formsDir ?? 'forms');
  for (const f of manifest.forms as Array<{ id: string; version: number }>) files.push(path.join(formsDir, `${f.id}.v${f.version}.json`));
  return files.map((file) => {
    try {
      return { file, json: JSON.parse(readFileSync(file, 'utf8')) };
    } catch {
      return { file, json: {} };
    }
  });
}

/** Every translatable text of a pack: objects with an English string (`{ en, fr, ro, … }`). */
function translatables(json: Json, out: Texts[] = []): Texts[] {
  if (Array.isArray(json)) json.forEach((x) => translatables(x, out));
  else if (json && typeof json === 'object') {
    if (typeof json.en === 'string') out.push(json);
    else Object.values(json).forEach((x) => translatables(x, out));
  }
  return out;
}

/**
 * The pack's English texts a user of `locale` must not see: those the pack does not translate into
 * it, or translates differently (a text the same in both languages is not English left over).
 */
export function englishPackTexts(locale: string, sopDir?: string): string[] {
  const all = packFiles(sopDir).flatMap(({ json }) => translatables(json));
  return [...new Set(all.filter((x) => x[locale] !== x.en).map((x) => x.en.trim()))].filter((s) => s.length >= 2);
}

/** The pack's labels in a language, as the API gives them (the pack's default language where none is given). */
export function packTexts(locale: string, sopDir = 'sops/moldova') {
  const files = new Map(packFiles(sopDir).map(({ file, json }) => [path.basename(file, '.json'), json]));
  const pick = (label: Texts | undefined, what: string): string => {
    if (!label) throw new Error(`No label for ${what} in the pack`);
    return label[locale] ?? label.en;
  };
  const form = (id: string): Json => [...files.entries()].find(([name]) => name.startsWith(`${id}.v`))?.[1];
  return {
    formTitle: (id: string) => pick(form(id)?.title, `form ${id}`),
    /** A field's label; `items.goal` style paths reach into arrays of objects. */
    field: (formId: string, fieldPath: string) => {
      let schema = form(formId)?.schema;
      for (const part of fieldPath.split('.')) schema = part === 'items' ? schema?.items : schema?.properties?.[part];
      return pick(schema?.['x-label'], `${formId}.${fieldPath}`);
    },
    option: (list: string, value: string) =>
      pick(files.get('option-lists')?.optionLists?.[list]?.find((o: Json) => o.value === value)?.label, `option ${list}.${value}`),
    transition: (id: string) => pick(files.get('workflow')?.transitions.find((x: Json) => x.id === id)?.label, `transition ${id}`),
    step: (id: string) => pick(files.get('workflow')?.steps.find((x: Json) => x.id === id)?.label, `step ${id}`),
    caseType: (id: string) => pick(files.get('pack')?.caseTypes.find((x: Json) => x.id === id)?.label, `case type ${id}`),
    service: (id: string) => pick(files.get('services')?.serviceTypes.find((x: Json) => x.id === id)?.label, `service ${id}`),
    provider: (id: string) => pick(files.get('services')?.providers.find((x: Json) => x.id === id)?.name, `provider ${id}`),
    role: (id: string) => pick(files.get('roles')?.roles.find((x: Json) => x.id === id)?.label, `role ${id}`),
  };
}
