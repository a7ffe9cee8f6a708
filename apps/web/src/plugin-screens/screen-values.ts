import { formatDate, formatDateTime } from '../dates';

/**
 * The pure part of rendering plugin screens (docs/plugins.md, "Screens"): reading the values a
 * screen names (`data.status`, `row.caseNumber`, `params.caseId`, `result.id`), its conditions, the
 * route paths it calls and how values are shown. No DOM.
 */
export interface ScreenContext {
  params: Record<string, string>;
  data?: unknown;
  row?: unknown;
  result?: unknown;
}

export interface Clause {
  value: string;
  in: Array<string | number | boolean | null>;
}

export interface FieldShape {
  value: string;
  format?: string;
  labels?: Record<string, string>;
  item?: string;
}

/** The value at a dotted path (`data.details.answers`); undefined when any step is missing. Own properties only. */
export function valueAt(ctx: ScreenContext | unknown, path: string): unknown {
  let cur: unknown = ctx;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Whether a screen's condition holds (a list: all of them); no condition holds. */
export function holds(when: Clause | Clause[] | undefined, ctx: ScreenContext): boolean {
  if (!when) return true;
  return (Array.isArray(when) ? when : [when]).every((c) => {
    const v = valueAt(ctx, c.value);
    return c.in.some((x) => (x === null ? v === null || v === undefined : x === v));
  });
}

/** The route's path with its `:name` segments filled from the context, each encoded; null when one is missing. */
export function fillPath(path: string, params: Record<string, string>, ctx: ScreenContext): string | null {
  let missing = false;
  const filled = path.replace(/:([A-Za-z][A-Za-z0-9_]*)/g, (_, name: string) => {
    const v = params[name] ? valueAt(ctx, params[name]) : undefined;
    if (typeof v !== 'string' && typeof v !== 'number') {
      missing = true;
      return '';
    }
    return encodeURIComponent(String(v));
  });
  return missing ? null : filled;
}

/** A screen's parameters for opening another screen (`open`, `then`), or null when one is missing. */
export function screenParams(params: Record<string, string>, ctx: ScreenContext): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const [name, path] of Object.entries(params)) {
    const v = valueAt(ctx, path);
    if (typeof v !== 'string' && typeof v !== 'number') return null;
    out[name] = String(v);
  }
  return out;
}

/** An action's body fields from the context (`bodyFrom`), as they are (not only strings); null when one is missing. */
export function bodyFields(from: Record<string, string> | undefined, ctx: ScreenContext): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(from ?? {})) {
    const v = valueAt(ctx, path);
    if (v === undefined || v === null) return null;
    out[name] = v;
  }
  return out;
}

/** The address of a plugin screen in the web app. */
export function screenHref(pluginId: string, screenId: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  return `/plugins/${encodeURIComponent(pluginId)}/${encodeURIComponent(screenId)}${query ? `?${query}` : ''}`;
}

/** Rows of a table: an array as it is; an object as `{ key, value }` rows (e.g. consent per purpose). */
export function rowsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') return Object.entries(value).map(([key, v]) => ({ key, value: v }));
  return [];
}

export interface Formatting {
  locale: string;
  timeZone?: string;
  yes: string;
  no: string;
}

/** The items of a `list` value as texts (each at `item` in an object), empty ones left out. */
export function listItems(field: FieldShape, value: unknown[], f: Formatting): string[] {
  return value
    .map((item) => formatValue({ ...field, format: undefined }, field.item && item && typeof item === 'object' ? valueAt(item, field.item) : item, f))
    .filter(Boolean);
}

/** A value as text: a code by its label, dates on the pack's clock, numbers in the locale; nothing for a missing value. */
export function formatValue(field: FieldShape, value: unknown, f: Formatting): string {
  if (value === null || value === undefined || value === '') return '';
  if (field.format === 'list' && Array.isArray(value)) return listItems(field, value, f).join('; ');
  if (typeof value === 'string' && field.labels && Object.prototype.hasOwnProperty.call(field.labels, value)) return field.labels[value];
  if (field.format === 'date' && typeof value === 'string') return formatDate(value, f.locale, f.timeZone);
  if (field.format === 'datetime' && typeof value === 'string') return formatDateTime(value, f.locale, f.timeZone);
  if (field.format === 'yes_no' || typeof value === 'boolean') return value ? f.yes : f.no;
  if (field.format === 'percent' && typeof value === 'number')
    return new Intl.NumberFormat(f.locale, { style: 'percent', maximumFractionDigits: 0 }).format(value);
  if (typeof value === 'number') return new Intl.NumberFormat(f.locale).format(value);
  if (typeof value === 'object') return '';
  return String(value);
}

type SchemaNode = {
  title?: string;
  format?: string;
  oneOf?: Array<{ const?: unknown; title?: string }>;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
};

/** Form answers as labelled lines, in the form's order: field titles and option labels from the client schema (in the user's language). */
export function answerRows(schema: unknown, answers: unknown, f: Formatting): Array<{ label: string; text: string }> {
  const props = ((schema as SchemaNode | undefined)?.properties ?? {}) as Record<string, SchemaNode>;
  const given = (answers ?? {}) as Record<string, unknown>;
  const option = (node: SchemaNode | undefined, v: unknown) => node?.oneOf?.find((o) => o.const === v)?.title;
  const text = (node: SchemaNode | undefined, v: unknown): string => {
    if (Array.isArray(v))
      return v
        .map((x) => text(node?.items, x))
        .filter(Boolean)
        .join(', ');
    if (v && typeof v === 'object') {
      const sub = node?.properties ?? {};
      return Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `${sub[k]?.title ?? k}: ${text(sub[k], x)}`)
        .join('; ');
    }
    return (
      option(node, v) ?? formatValue({ value: '', format: node?.format === 'date' ? 'date' : node?.format === 'date-time' ? 'datetime' : undefined }, v, f)
    );
  };
  const order = [...Object.keys(props), ...Object.keys(given).filter((k) => !(k in props))];
  return order.filter((k) => Object.prototype.hasOwnProperty.call(given, k)).map((k) => ({ label: props[k]?.title ?? k, text: text(props[k], given[k]) }));
}
