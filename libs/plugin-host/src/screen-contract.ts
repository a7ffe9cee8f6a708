import type {
  ConditionClause,
  DetailSection,
  ListView,
  PluginDefinition,
  PluginRoute,
  PluginScreen,
  ScreenAction,
  ScreenCondition,
  ScreenField,
} from '@app/plugin-sdk';

const SNAKE = /^[a-z][a-z0-9_]*$/;
const PLACEMENTS = new Set(['menu', 'home', 'case']);
const FORMATS = new Set(['text', 'date', 'datetime', 'number', 'percent', 'yes_no', 'list']);
const SECTION_KINDS = new Set(['fields', 'answers', 'table', 'notice', 'link']);

/** `/incidents/:incidentId/consents` → `['incidentId']`. */
export function routeParams(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s.startsWith(':'))
    .map((s) => s.slice(1));
}

/** The plugin's screens with its settings applied (screens may depend on them, e.g. a pack's consent purposes as options). */
export function screensOf(def: PluginDefinition<any>, settings: unknown): PluginScreen[] {
  const s = def.screens;
  if (!s) return [];
  return typeof s === 'function' ? s(settings as never) : s;
}

/**
 * Every problem that would make a plugin's screens unusable: unknown routes, screens or forms, a
 * route parameter nobody supplies, a value path outside the context. Checked when the plugin is
 * loaded (and, for screens built from settings, when a pack enabling it is published).
 */
export function checkScreens(def: PluginDefinition<any>, screens: PluginScreen[]): string[] {
  const problems: string[] = [];
  const routes = new Map((def.routes ?? []).map((r) => [r.id, r]));
  const forms = new Set((def.forms ?? []).map((f) => f.id));
  const ids = new Set<string>();
  for (const s of screens) {
    if (!SNAKE.test(s.id ?? '') || ids.has(s.id)) problems.push(`screen "${s.id}": id must be lower_snake and unique`);
    ids.add(s.id);
  }
  const byId = new Map(screens.map((s) => [s.id, s]));
  for (const s of screens) {
    const bad = (what: string) => problems.push(`screen "${s.id}": ${what}`);
    if (!s.title?.en) bad('title needs at least an English label');
    const params = s.params ?? [];
    for (const p of s.placement ?? []) {
      if (!PLACEMENTS.has(p)) bad(`placement "${p}" is not one of menu, home, case`);
      if (p === 'case' && !params.includes('caseId')) bad('a case page section needs the parameter caseId');
      if (p !== 'case' && params.length > 0) bad(`a ${p} screen cannot take parameters (${params.join(', ')})`);
    }
    const source = routes.get(s.view?.source);
    if (!source) bad(`source "${s.view?.source}" is not a route of the plugin`);
    else {
      if (source.method !== 'GET') bad(`source "${source.id}" must be a GET route`);
      for (const p of routeParams(source.path)) if (!params.includes(p)) bad(`source "${source.id}" needs the parameter ${p}, which the screen does not take`);
    }
    const scope = { params, row: false, result: false };
    const check = (ctx: string, fields: ScreenField[] | undefined, row: boolean) => {
      for (const f of fields ?? []) {
        checkPath(`${ctx} "${f.value}"`, f.value, { ...scope, row }, bad);
        if (!f.label?.en) bad(`${ctx} "${f.value}" needs an English label`);
        if (f.format && !FORMATS.has(f.format)) bad(`${ctx} "${f.value}": format "${f.format}" is unknown`);
        if (f.caseLink) checkPath(`${ctx} "${f.value}" case link`, f.caseLink, { ...scope, row }, bad);
      }
    };
    const actions = (list: ScreenAction[] | undefined, row: boolean) => {
      const seen = new Set<string>();
      for (const a of list ?? []) {
        if (!SNAKE.test(a.id ?? '') || seen.has(a.id)) bad(`action "${a.id}": id must be lower_snake and unique`);
        seen.add(a.id);
        checkAction(a, routes, forms, byId, { ...scope, row }, (what) => bad(`action "${a.id}": ${what}`));
      }
    };
    const view = s.view;
    if (view?.kind === 'list') {
      check('column', view.columns, true);
      if (!view.empty?.en) bad('a list needs an English "empty" text');
      if (view.open) checkOpen(view.open, byId, { ...scope, row: true }, (what) => bad(`open: ${what}`));
      if (view.paging) checkPaging(view.paging, (what) => bad(`paging: ${what}`));
      actions(view.actions, false);
      actions(view.rowActions, true);
    } else if (view?.kind === 'detail') {
      for (const section of view.sections ?? []) checkSection(section, forms, byId, scope, bad, check, actions);
      actions(view.actions, false);
      if (view.heading) checkPath('heading', view.heading, scope, bad);
    } else bad('view.kind must be list or detail');
  }
  return problems;
}

interface Scope {
  params: string[];
  row: boolean;
  result: boolean;
}

/** Paging names query parameters and paths in the route's answer (not context paths: no `data.`). */
function checkPaging(paging: NonNullable<ListView['paging']>, bad: (w: string) => void): void {
  const named = (what: string, v: unknown) => {
    if (typeof v !== 'string' || !v.trim()) bad(`${what} must be a non-empty name`);
  };
  named('query', paging.query);
  if (paging.kind === 'offset') {
    if (!Number.isInteger(paging.pageSize) || paging.pageSize < 1 || paging.pageSize > 1000) bad('pageSize must be a whole number from 1 to 1000');
    if (paging.limitQuery !== undefined) named('limitQuery', paging.limitQuery);
    if (paging.total !== undefined) named('total', paging.total);
  } else if (paging.kind === undefined || paging.kind === 'cursor') named('next', paging.next);
  else bad(`kind must be cursor or offset`);
}

function checkPath(what: string, path: string, scope: Scope, bad: (w: string) => void): void {
  const [root, ...rest] = String(path ?? '').split('.');
  if (root === 'data' || (root === 'row' && scope.row) || (root === 'result' && scope.result)) return;
  if (root === 'params' && rest.length === 1 && scope.params.includes(rest[0])) return;
  bad(`${what} must start with data., params.<a screen parameter>${scope.row ? ', row.' : ''}${scope.result ? ', result.' : ''}`);
}

function checkOpen(open: { screen: string; params: Record<string, string> }, screens: Map<string, PluginScreen>, scope: Scope, bad: (w: string) => void): void {
  const target = screens.get(open.screen);
  if (!target) return bad(`screen "${open.screen}" does not exist`);
  for (const p of target.params ?? []) if (!(p in (open.params ?? {}))) bad(`screen "${open.screen}" needs the parameter ${p}`);
  for (const [p, path] of Object.entries(open.params ?? {})) {
    if (!(target.params ?? []).includes(p)) bad(`screen "${open.screen}" takes no parameter ${p}`);
    checkPath(`parameter ${p}`, path, scope, bad);
  }
}

function checkAction(
  a: ScreenAction,
  routes: Map<string, PluginRoute<any>>,
  forms: Set<string>,
  screens: Map<string, PluginScreen>,
  scope: Scope,
  bad: (w: string) => void,
): void {
  if (!a.label?.en) bad('needs an English label');
  if (!a.done?.en) bad('needs an English "done" text');
  const route = routes.get(a.route);
  if (!route) return bad(`route "${a.route}" is not a route of the plugin`);
  if (route.method === 'GET') bad(`route "${a.route}" is a GET route: actions change something`);
  for (const p of routeParams(route.path)) if (!a.params?.[p]) bad(`route "${a.route}" needs the parameter ${p}`);
  for (const [p, path] of Object.entries(a.params ?? {})) checkPath(`parameter ${p}`, path, scope, bad);
  for (const [f, path] of Object.entries(a.bodyFrom ?? {})) checkPath(`body field ${f}`, path, scope, bad);
  if (a.form && 'form' in a.form && !forms.has(a.form.form)) bad(`form "${a.form.form}" is not one of the plugin's forms`);
  if (a.form && 'schema' in a.form && (a.form.schema as { type?: unknown }).type !== 'object') bad('a form schema must be of type object');
  for (const c of clauses(a.when)) checkPath('when', c.value, scope, bad);
  if (a.then) checkOpen(a.then, screens, { ...scope, result: true }, (w) => bad(`then: ${w}`));
}

function checkSection(
  section: DetailSection & { when?: ScreenCondition },
  forms: Set<string>,
  screens: Map<string, PluginScreen>,
  scope: Scope,
  bad: (w: string) => void,
  check: (ctx: string, fields: ScreenField[] | undefined, row: boolean) => void,
  actions: (list: ScreenAction[] | undefined, row: boolean) => void,
): void {
  if (!SECTION_KINDS.has(section.kind)) return bad(`section kind "${section.kind}" is not one of ${[...SECTION_KINDS].join(', ')}`);
  for (const c of clauses(section.when)) checkPath('section condition', c.value, scope, bad);
  if (section.kind === 'fields') check('field', section.fields, false);
  if (section.kind === 'answers') {
    checkPath('answers', section.value, scope, bad);
    if (!forms.has(section.form)) bad(`answers: form "${section.form}" is not one of the plugin's forms`);
  }
  if (section.kind === 'table') {
    checkPath('table', section.value, scope, bad);
    check('table column', section.columns, true);
    if (!section.empty?.en) bad('a table needs an English "empty" text');
    actions(section.rowActions, true);
  }
  if (section.kind === 'notice') {
    if (!section.text?.en) bad('a notice needs an English text');
    if (clauses(section.when).length === 0) bad('a notice needs a condition');
  }
  if (section.kind === 'link') {
    if (!section.text?.en) bad('a link needs an English text');
    checkOpen(section, screens, scope, (what) => bad(`link: ${what}`));
  }
}

function clauses(when: ScreenCondition | undefined): ConditionClause[] {
  if (!when) return [];
  return Array.isArray(when) ? when : [when];
}
