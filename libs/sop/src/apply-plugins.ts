import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction as PackValidator } from 'ajv';
import type { SopPack } from '@app/pack-types';
import type { PackFiles } from './pack-files';
import { jp, PackIssue } from './pack-issue';
import { schemaIssues } from './schemas';
import { pluginFileName } from './pack-files';
import { fallbackWarnings, localisePlugin } from './plugin-locales';
import type { EnabledPlugin, PackFragment, PluginPackData } from '@app/pack-types';

/** Where an appended run of merged items came from, so issues name the plugin's file, not the pack's. */
interface Origin {
  file: string;
  array: string;
  start: number;
  count: number;
  srcFile: string;
  srcPath: string;
  /** Index in the plugin file's array of the first item (items appended one by one). */
  base?: number;
}

export interface PluginMergeResult {
  issues: PackIssue[];
  /** Rewrites issues found on merged items to the plugin file and path they came from. */
  remap(issues: PackIssue[]): PackIssue[];
}

const SETTING_REF = /^\$settings\.([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * Merges what the pack's enabled plugins contribute (forms, included fragments, templates,
 * indicators, permission subjects) into an assembled pack, after checking each plugin is installed
 * and its settings match its settings schema. Mutates `pack` (on copies of the file objects).
 */
export function mergePlugins(pack: SopPack, files: PackFiles, validators: Map<string, PackValidator>): PluginMergeResult {
  const issues: PackIssue[] = [];
  const origins: Origin[] = [];
  const formOrigins = new Map<string, { srcFile: string; srcPath: string }>();
  const err = (file: string, path: string, code: string, message: string) => issues.push({ file, path, code, message, severity: 'error' });
  const entries = pack.manifest.plugins ?? [];
  pack.plugins = [];
  const result: PluginMergeResult = { issues, remap: (list) => list.map((i) => remapIssue(i, origins, formOrigins)) };
  if (entries.length === 0) return result;
  remappers.set(pack, result.remap);

  // Copies: the file objects are what gets hashed and stored.
  pack.manifest = { ...pack.manifest, caseTypes: [...pack.manifest.caseTypes], forms: [...pack.manifest.forms] };
  pack.workflow = { steps: [...pack.workflow.steps], transitions: [...pack.workflow.transitions] };
  pack.roles = [...pack.roles];
  pack.deadlines = [...pack.deadlines];
  pack.forms = [...pack.forms];
  pack.reporting = { ...pack.reporting, indicators: [...pack.reporting.indicators] };
  pack.notifications = { ...pack.notifications, templates: { ...pack.notifications.templates } };

  const append = <T>(target: T[], items: T[] | undefined, file: string, array: string, srcFile: string, srcPath: string, base = 0) => {
    if (!items?.length) return;
    origins.push({ file, array, start: target.length, count: items.length, srcFile, srcPath, base });
    target.push(...items);
  };

  const seen = new Map<string, number>();
  entries.forEach((entry, i) => {
    const at = jp('$.plugins', i);
    if (seen.has(entry.id)) {
      err('pack.json', jp(at, 'id'), 'duplicate_id', `plugin "${entry.id}" is already enabled at ${jp('$.plugins', seen.get(entry.id)!)}`);
      return;
    }
    seen.set(entry.id, i);
    const file = pluginFileName(entry.id);
    const stored = files[file] as PluginPackData | undefined;
    if (stored === undefined) {
      err('pack.json', jp(at, 'id'), 'unknown_plugin', `plugin "${entry.id}" is not installed on this platform (see plugins/ and docs/plugins.md)`);
      return;
    }
    const v = validators.get('plugin')!;
    if (!v(stored)) {
      issues.push(...schemaIssues(file, v.errors));
      return;
    }
    // The plugin's text in the pack's languages (plugin-locales.ts); the pack's own text stays strict.
    const localised = localisePlugin(stored, pack.manifest.locales ?? []);
    const data = localised.data;
    const settings = checkSettings(data, entry.settings ?? {}, at, file, issues);
    if (!settings) return;
    const fragments = new Map((data.fragments ?? []).map((f, k) => [f.id, { fragment: f, index: k }]));
    const include = entry.include ?? [];
    include.forEach((id, k) => {
      if (!fragments.has(id)) {
        const known = [...fragments.keys()];
        err(
          'pack.json',
          jp(at, 'include', k),
          'unknown_fragment',
          `plugin "${entry.id}" has no fragment "${id}"${known.length ? ` (it has: ${known.join(', ')})` : ' (it has none)'}`,
        );
      }
    });

    (data.forms ?? []).forEach((form, k) => {
      const src = { srcFile: file, srcPath: jp('$.forms', k) };
      if (pack.manifest.forms.some((f) => f.id === form.id)) {
        err(file, jp(src.srcPath, 'id'), 'duplicate_id', `form "${form.id}" is also listed in pack.json forms; a plugin's forms cannot be redefined`);
        return;
      }
      formOrigins.set(`forms/${form.id}.v${form.version}.json`, src);
      append(pack.manifest.forms, [{ id: form.id, version: form.version }], 'pack.json', '$.forms', file, '$.forms', k);
      pack.forms.push(form);
    });

    for (const id of include) {
      const found = fragments.get(id);
      if (!found) continue;
      const base = jp('$.fragments', found.index);
      const fragment = substituteSettings(found.fragment, settings, file, base, issues) as PackFragment;
      const check = validators.get('plugin-fragment')!;
      if (!check(fragment)) {
        issues.push(...schemaIssues(file, check.errors).map((i) => ({ ...i, path: base + i.path.slice(1) })));
        continue;
      }
      append(pack.manifest.caseTypes, fragment.caseTypes, 'pack.json', '$.caseTypes', file, jp(base, 'caseTypes'));
      append(pack.workflow.steps, fragment.steps, 'workflow.json', '$.steps', file, jp(base, 'steps'));
      append(pack.workflow.transitions, fragment.transitions, 'workflow.json', '$.transitions', file, jp(base, 'transitions'));
      append(pack.roles, fragment.roles, 'roles.json', '$.roles', file, jp(base, 'roles'));
      append(pack.deadlines, fragment.deadlines, 'deadlines.json', '$.deadlines', file, jp(base, 'deadlines'));
    }
    // The pack's own template of the same id (a translation, a local wording) wins.
    const packOwns = (id: string) => Object.keys(files).some((n) => n.startsWith(`templates/${id}/`));
    for (const [id, def] of Object.entries(data.templates ?? {})) {
      if (!packOwns(id)) pack.notifications.templates[id] = { id, answers: [...(def.answers ?? [])], locales: def.locales };
    }
    append(pack.reporting.indicators, data.indicators, 'reporting.json', '$.indicators', file, '$.indicators');
    const included = new Set(include.map((id) => fragments.get(id)?.index));
    const used = (path: string) => {
      const fragment = /^\$\.fragments\[(\d+)\]$/.exec(path);
      if (fragment) return included.has(Number(fragment[1]));
      const template = Object.keys(data.templates ?? {}).find((id) => path === jp('$.templates', id));
      return template === undefined || !packOwns(template);
    };
    issues.push(...fallbackWarnings(entry.id, file, localised, used));
    pack.plugins.push({
      id: entry.id,
      version: data.version,
      settings,
      include: [...include],
      subjects: data.subjects ?? {},
      forms: (data.forms ?? []).map((f) => f.id),
      templates: Object.keys(data.templates ?? {}),
      ...(data.events ? { events: data.events } : {}),
    } satisfies EnabledPlugin);
  });
  return result;
}

const remappers = new WeakMap<SopPack, (issues: PackIssue[]) => PackIssue[]>();

/** Issues found later on a merged pack (the linter's) named by the plugin file they come from. */
export function locatePluginIssues(pack: SopPack, issues: PackIssue[]): PackIssue[] {
  return remappers.get(pack)?.(issues) ?? issues;
}

const settingsValidators = new Map<string, ValidateFunction | Error>();
let settingsAjv: Ajv2020 | null = null;

function settingsValidator(schema: Record<string, unknown>): ValidateFunction | Error {
  const key = JSON.stringify(schema);
  let v = settingsValidators.get(key);
  if (!v) {
    if (!settingsAjv) {
      settingsAjv = new Ajv2020({ allErrors: true, strict: false, useDefaults: true });
      addFormats(settingsAjv);
    }
    try {
      v = settingsAjv.compile(schema);
    } catch (e: any) {
      v = new Error(e?.message ?? String(e));
    }
    settingsValidators.set(key, v);
  }
  return v;
}

/** The pack's settings for the plugin with the schema's defaults filled in, or null when invalid. */
function checkSettings(data: PluginPackData, given: Record<string, unknown>, at: string, file: string, issues: PackIssue[]): Record<string, unknown> | null {
  const settings = structuredClone(given);
  if (!data.settingsSchema) {
    if (Object.keys(settings).length === 0) return settings;
    issues.push({ file: 'pack.json', path: jp(at, 'settings'), code: 'plugin_settings', severity: 'error', message: `plugin "${data.id}" takes no settings` });
    return null;
  }
  const v = settingsValidator(data.settingsSchema);
  if (v instanceof Error) {
    issues.push({
      file,
      path: '$.settingsSchema',
      code: 'bad_settings_schema',
      severity: 'error',
      message: `the plugin's settings schema does not compile: ${v.message}`,
    });
    return null;
  }
  if (v(settings)) return settings;
  for (const issue of schemaIssues('pack.json', v.errors)) {
    issues.push({ ...issue, path: jp(at, 'settings') + issue.path.slice(1), code: 'plugin_settings' });
  }
  return null;
}

/** Replaces `"$settings.<key>"` strings of a fragment with the pack's setting. */
function substituteSettings(value: unknown, settings: Record<string, unknown>, file: string, path: string, issues: PackIssue[]): unknown {
  if (typeof value === 'string') {
    const m = SETTING_REF.exec(value);
    if (!m) return value;
    if (settings[m[1]] === undefined) {
      issues.push({
        file,
        path,
        code: 'unknown_setting',
        severity: 'error',
        message: `"${value}": the pack gives no setting "${m[1]}" (and the settings schema has no default)`,
      });
      return value;
    }
    return structuredClone(settings[m[1]]);
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteSettings(v, settings, file, jp(path, i), issues));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteSettings(v, settings, file, jp(path, k), issues);
    return out;
  }
  return value;
}

function remapIssue(issue: PackIssue, origins: Origin[], formOrigins: Map<string, { srcFile: string; srcPath: string }>): PackIssue {
  const form = formOrigins.get(issue.file);
  if (form) return { ...issue, file: form.srcFile, path: form.srcPath + issue.path.slice(1) };
  for (const o of origins) {
    if (issue.file !== o.file || !issue.path.startsWith(`${o.array}[`)) continue;
    const m = /^\[(\d+)\]/.exec(issue.path.slice(o.array.length));
    if (!m) continue;
    const index = Number(m[1]);
    if (index < o.start || index >= o.start + o.count) continue;
    return { ...issue, file: o.srcFile, path: `${o.srcPath}[${index - o.start + (o.base ?? 0)}]${issue.path.slice(o.array.length + m[0].length)}` };
  }
  return issue;
}
