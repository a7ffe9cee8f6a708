import { SDK_VERSION, satisfiesRange, type PluginDefinition } from '@app/plugin-sdk';
import { SUBJECT_ACTIONS } from '@app/sop';
import { checkScreens } from './screen-contract';

const PLUGIN_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SNAKE = /^[a-z][a-z0-9_]*$/;
const VERSION = /^\d+\.\d+\.\d+$/;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** `family-tracing` → `family_tracing_`: what the plugin's forms, templates and indicators start with. */
export function namePrefix(pluginId: string): string {
  return `${pluginId.replace(/-/g, '_')}_`;
}

/** `family-tracing` → `plugin_family_tracing`: the PostgreSQL schema of the plugin's tables. */
export function pluginSchema(pluginId: string): string {
  return `plugin_${pluginId.replace(/-/g, '_')}`;
}

/**
 * Subjects may also start with the id's first word (`tracing_request` for family-tracing would not;
 * `adoption_family` for adoption-matching does): short names read better in roles.json.
 */
function subjectPrefixes(pluginId: string): string[] {
  const words = pluginId.split('-');
  return [namePrefix(pluginId), `${words[0]}_`, `${words[words.length - 1]}_`];
}

/**
 * The static part of the plugin contract: every problem that would make the plugin unsafe or
 * ambiguous to load. The host refuses to start with a plugin that has any.
 */
export function checkPluginDefinition(def: PluginDefinition<any>): string[] {
  const problems: string[] = [];
  const bad = (what: string) => problems.push(what);
  if (!PLUGIN_ID.test(def.id ?? '')) bad(`id "${def.id}" must be lower-case words joined by hyphens`);
  if (!VERSION.test(def.version ?? '')) bad(`version "${def.version}" must be MAJOR.MINOR.PATCH`);
  const fits = satisfiesRange(SDK_VERSION, def.sdk ?? '');
  if (fits === null) bad(`sdk range "${def.sdk}" cannot be read (e.g. "^1.0.0")`);
  else if (!fits) bad(`supports SDK ${def.sdk} but this platform provides SDK ${SDK_VERSION}`);
  if (!def.name?.en) bad('name needs at least an English label');
  const prefix = namePrefix(def.id ?? '');
  const dotted = `${def.id}.`;

  for (const f of def.forms ?? []) if (!f.id?.startsWith(prefix)) bad(`form "${f.id}" must start with "${prefix}"`);
  for (const id of Object.keys(def.templates ?? {})) if (!id.startsWith(prefix)) bad(`template "${id}" must start with "${prefix}"`);
  for (const i of def.indicators ?? []) if (!i.id?.startsWith(prefix)) bad(`indicator "${i.id}" must start with "${prefix}"`);
  const subjects = def.subjects ?? {};
  for (const [subject, actions] of Object.entries(subjects)) {
    if (Object.prototype.hasOwnProperty.call(SUBJECT_ACTIONS, subject)) bad(`subject "${subject}" is the core's`);
    else if (!SNAKE.test(subject) || !subjectPrefixes(def.id).some((p) => subject.startsWith(p))) {
      bad(
        `subject "${subject}" must be lower_snake and start with one of ${subjectPrefixes(def.id)
          .map((p) => `"${p}"`)
          .join(', ')}`,
      );
    }
    if (!Array.isArray(actions) || actions.length === 0 || actions.some((a) => !SNAKE.test(a))) bad(`subject "${subject}" needs lower_snake actions`);
  }
  for (const name of Object.keys(def.effects ?? {})) if (!name.startsWith(dotted)) bad(`effect "${name}" must start with "${dotted}"`);
  for (const name of Object.keys(def.operators ?? {})) if (!name.startsWith(dotted)) bad(`operator "${name}" must start with "${dotted}"`);
  for (const name of Object.keys(def.fieldFormats ?? {})) if (!name.startsWith(dotted)) bad(`field format "${name}" must start with "${dotted}"`);
  for (const c of def.channels ?? []) if (!c.id?.startsWith(dotted)) bad(`channel "${c.id}" must start with "${dotted}"`);
  for (const [name, fact] of Object.entries(def.facts ?? {})) {
    if (!SNAKE.test(name)) bad(`fact "${name}" must be lower_snake (rules read it as "${dotted}${name}")`);
    if (typeof fact?.load !== 'function') bad(`fact "${name}" needs a load function`);
  }

  const routeKeys = new Set<string>();
  const routeIds = new Set<string>();
  for (const r of def.routes ?? []) {
    const name = `route "${r.id}"`;
    if (!SNAKE.test(r.id ?? '')) bad(`${name}: id must be lower_snake`);
    if (routeIds.has(r.id)) bad(`${name}: duplicate id`);
    routeIds.add(r.id);
    if (!METHODS.has(r.method)) bad(`${name}: method "${r.method}" is not one of ${[...METHODS].join(', ')}`);
    if (!/^(\/(:?[a-zA-Z][a-zA-Z0-9_-]*))+$/.test(r.path ?? '')) bad(`${name}: path "${r.path}" must look like /cases/:caseId/things`);
    const key = `${r.method} ${(r.path ?? '').replace(/:[^/]+/g, ':')}`;
    if (routeKeys.has(key)) bad(`${name}: another route has the same method and path shape (${key})`);
    routeKeys.add(key);
    if (!r.summary) bad(`${name}: needs a summary`);
    if (typeof r.handler !== 'function') bad(`${name}: needs a handler`);
    const p = r.permission;
    if (!p || !p.subject || !p.action) {
      bad(`${name}: declares no permission (every route must; there is no default)`);
      continue;
    }
    const known = subjects[p.subject] ?? (SUBJECT_ACTIONS as Record<string, readonly string[]>)[p.subject];
    if (!known) bad(`${name}: permission subject "${p.subject}" is neither declared by the plugin nor the core's`);
    else if (!known.includes(p.action)) bad(`${name}: "${p.action}" is not an action on ${p.subject} (${known.join(', ')})`);
    if (r.method === 'GET' && r.body) bad(`${name}: a GET route takes no body`);
  }
  const hookEvents = new Set<string>();
  for (const h of def.hooks ?? []) {
    if (!h.event || typeof h.run !== 'function') bad(`hook on "${h.event}" needs an event and a run function`);
    hookEvents.add(h.event);
  }
  const jobIds = new Set<string>();
  for (const j of def.jobs ?? []) {
    if (!SNAKE.test(j.id ?? '') || jobIds.has(j.id)) bad(`job "${j.id}": id must be lower_snake and unique`);
    jobIds.add(j.id);
    if (!Number.isInteger(j.everyMinutes) || j.everyMinutes < 1) bad(`job "${j.id}": everyMinutes must be a whole number ≥ 1`);
  }
  let last = '';
  for (const m of def.migrations ?? []) {
    if (!/^\d{3,}-[a-z0-9-]+$/.test(m.id ?? '')) bad(`migration "${m.id}" must be named like 001-incidents`);
    if (m.id <= last) bad(`migration "${m.id}" must sort after "${last}" (they run in order)`);
    last = m.id;
    if (!m.up?.trim()) bad(`migration "${m.id}" has no SQL`);
  }
  for (const [name, label] of Object.entries(def.events ?? {})) {
    if (!SNAKE.test(name)) bad(`event "${name}" must be lower_snake (recorded as "${dotted}${name}")`);
    if (!label?.en) bad(`event "${name}" needs at least an English label`);
  }
  // Screens built from settings are checked when a pack's settings are known (PluginScreensService).
  if (Array.isArray(def.screens)) problems.push(...checkScreens(def, def.screens));
  return problems;
}
