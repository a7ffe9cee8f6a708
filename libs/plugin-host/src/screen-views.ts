import type { DetailSection, PluginDefinition, PluginRoute, PluginScreen, ScreenAction, ScreenCondition, ScreenField, ValueFormat } from '@app/plugin-sdk';
import type { Translated } from '@app/pack-types';

/**
 * A plugin screen as the web app renders it for one user: texts in their language, routes as the
 * method and path to call (`:name` segments filled from the context), forms as client JSON
 * Schemas, and only the actions the user may take.
 */
export interface ShownField {
  value: string;
  label: string;
  format?: ValueFormat;
  labels?: Record<string, string>;
  item?: string;
  caseLink?: string;
}

export interface ScreenActionView {
  id: string;
  label: string;
  method: string;
  /** `/api/plugins/gbv/incidents/:incidentId/consents` */
  path: string;
  params: Record<string, string>;
  /** The form to fill: a client JSON Schema; `answers` when the body is `{ answers }`. */
  form?: { schema: Record<string, unknown>; answers: boolean };
  body?: Record<string, unknown>;
  bodyFrom?: Record<string, string>;
  confirm?: string;
  when?: ScreenCondition;
  done: string;
  then?: { screen: string; params: Record<string, string> };
}

export type SectionView =
  | { kind: 'fields'; title?: string; fields: ShownField[]; when?: ScreenCondition }
  | { kind: 'answers'; title?: string; value: string; schema: Record<string, unknown>; when?: ScreenCondition }
  | { kind: 'table'; title?: string; value: string; columns: ShownField[]; empty: string; rowActions: ScreenActionView[]; when?: ScreenCondition }
  | { kind: 'notice'; text: string; when: ScreenCondition }
  | { kind: 'link'; text: string; screen: string; params: Record<string, string>; when?: ScreenCondition };

export interface ListScreenView {
  kind: 'list';
  source: string;
  items: string;
  columns: ShownField[];
  empty: string;
  open?: { screen: string; params: Record<string, string> };
  filters: Array<{ query: string; label: string; options: Array<{ value: string; label: string }> }>;
  paging?: { kind: 'cursor'; next: string; query: string } | { kind: 'offset'; query: string; pageSize: number; limitQuery?: string; total?: string };
  actions: ScreenActionView[];
  rowActions: ScreenActionView[];
}

export interface DetailScreenView {
  kind: 'detail';
  source: string;
  heading?: string;
  sections: SectionView[];
  actions: ScreenActionView[];
}

export interface PluginScreenView {
  pluginId: string;
  pluginName: string;
  id: string;
  title: string;
  placement: string[];
  params: string[];
  view: ListScreenView | DetailScreenView;
}

export interface ScreenResolution {
  /** Picks a text in the user's language (then the pack's default, then English). */
  text(t: Translated): string;
  /** A plugin form's client schema in the user's language. */
  formSchema(formId: string): Record<string, unknown>;
  /** Whether the user may call the route (its declared permission). */
  may(route: PluginRoute<any>): boolean;
}

const routePath = (def: PluginDefinition<any>, route: PluginRoute<any>) => `/api/plugins/${def.id}${route.path}`;

/** The screen for this user, or null when they may not call its source route. */
export function resolveScreen(def: PluginDefinition<any>, screen: PluginScreen, r: ScreenResolution): PluginScreenView | null {
  const routes = new Map((def.routes ?? []).map((x) => [x.id, x]));
  const source = routes.get(screen.view.source)!;
  if (!r.may(source)) return null;
  const field = (f: ScreenField): ShownField => ({
    value: f.value,
    label: r.text(f.label),
    ...(f.format ? { format: f.format } : {}),
    ...(f.labels ? { labels: Object.fromEntries(Object.entries(f.labels).map(([k, v]) => [k, r.text(v)])) } : {}),
    ...(f.item ? { item: f.item } : {}),
    ...(f.caseLink ? { caseLink: f.caseLink } : {}),
  });
  const actions = (list: ScreenAction[] | undefined): ScreenActionView[] =>
    (list ?? []).flatMap((a) => {
      const route = routes.get(a.route)!;
      if (!r.may(route)) return [];
      const form = a.form
        ? 'form' in a.form
          ? { schema: r.formSchema(a.form.form), answers: true }
          : { schema: localizeSchema(a.form.schema, r.text), answers: false }
        : undefined;
      return [
        {
          id: a.id,
          label: r.text(a.label),
          method: route.method,
          path: routePath(def, route),
          params: a.params ?? {},
          ...(form ? { form } : {}),
          ...(a.body ? { body: a.body } : {}),
          ...(a.bodyFrom ? { bodyFrom: a.bodyFrom } : {}),
          ...(a.confirm ? { confirm: r.text(a.confirm) } : {}),
          ...(a.when ? { when: a.when } : {}),
          done: r.text(a.done),
          ...(a.then ? { then: a.then } : {}),
        },
      ];
    });
  const v = screen.view;
  const view: ListScreenView | DetailScreenView =
    v.kind === 'list'
      ? {
          kind: 'list',
          source: routePath(def, source),
          items: v.items ?? 'items',
          columns: v.columns.map(field),
          empty: r.text(v.empty),
          ...(v.open ? { open: v.open } : {}),
          filters: (v.filters ?? []).map((f) => ({
            query: f.query,
            label: r.text(f.label),
            options: f.options.map((o) => ({ value: o.value, label: r.text(o.label) })),
          })),
          ...(v.paging ? { paging: v.paging.kind === 'offset' ? v.paging : { ...v.paging, kind: 'cursor' as const } } : {}),
          actions: actions(v.actions),
          rowActions: actions(v.rowActions),
        }
      : {
          kind: 'detail',
          source: routePath(def, source),
          ...(v.heading ? { heading: v.heading } : {}),
          sections: v.sections.map((s) => section(s, field, actions, r)),
          actions: actions(v.actions),
        };
  return {
    pluginId: def.id,
    pluginName: r.text(def.name),
    id: screen.id,
    title: r.text(screen.title),
    placement: screen.placement ?? [],
    params: screen.params ?? [],
    view,
  };
}

function section(
  s: DetailSection & { when?: ScreenCondition },
  field: (f: ScreenField) => ShownField,
  actions: (list: ScreenAction[] | undefined) => ScreenActionView[],
  r: ScreenResolution,
): SectionView {
  const common = { ...(s.kind !== 'notice' && s.kind !== 'link' && s.title ? { title: r.text(s.title) } : {}), ...(s.when ? { when: s.when } : {}) };
  if (s.kind === 'fields') return { kind: 'fields', ...common, fields: s.fields.map(field) };
  if (s.kind === 'answers') return { kind: 'answers', ...common, value: s.value, schema: r.formSchema(s.form) };
  if (s.kind === 'table')
    return { kind: 'table', ...common, value: s.value, columns: s.columns.map(field), empty: r.text(s.empty), rowActions: actions(s.rowActions) };
  if (s.kind === 'link') return { kind: 'link', text: r.text(s.text), screen: s.screen, params: s.params, ...(s.when ? { when: s.when } : {}) };
  return { kind: 'notice', text: r.text(s.text), when: s.when };
}

/**
 * An action's own schema for the client: `x-label` / `x-help` become `title` / `description` in
 * the user's language, and `x-enumLabels` turns an `enum` into labelled options (`oneOf`), as the
 * form catalogue does for pack forms.
 */
export function localizeSchema(schema: Record<string, unknown>, text: (t: Translated) => string): Record<string, unknown> {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (!k.startsWith('x-')) out[k] = walk(v);
    const src = node as Record<string, unknown>;
    if (src['x-label']) out.title = text(src['x-label'] as Translated);
    if (src['x-help']) out.description = text(src['x-help'] as Translated);
    const labels = src['x-enumLabels'] as Record<string, Translated> | undefined;
    if (labels && Array.isArray(src.enum)) {
      out.oneOf = (src.enum as string[]).map((value) => ({ const: value, title: labels[value] ? text(labels[value]) : value }));
      delete out.enum;
    }
    return out;
  };
  return walk(schema) as Record<string, unknown>;
}
