import type { Translated } from '@app/pack-types';

/**
 * Screens as data: a plugin declares what its users see and do (lists, detail views, forms,
 * actions bound to its routes, and where each screen appears); the web app renders them. A plugin
 * ships no React code. See docs/plugins.md, "Screens".
 *
 * Values shown or sent are named by a path into the screen's context: `params.<name>` (the
 * screen's parameters, e.g. `params.caseId` on a case page section), `data.<path>` (what the
 * screen's source route answered) and, in a table, `row.<path>` (one item). Paths are dotted
 * (`details.incidentTypeLabel`).
 */

/** Where a screen is reached: a menu entry, a card on the home page, a section of the case page (`params.caseId` is the case). */
export type ScreenPlacement = 'menu' | 'home' | 'case';

/** How a value is shown. `labels` maps a code (a status) to its label; `date`/`datetime` in the user's locale. */
export type ValueFormat = 'text' | 'date' | 'datetime' | 'number' | 'percent' | 'yes_no' | 'list';

/** A value of the screen's context, labelled. */
export interface ScreenField {
  /** Path into the context: `data.status`, `row.caseNumber`. */
  value: string;
  label: Translated;
  format?: ValueFormat;
  /** Labels of codes (e.g. statuses); a code without one is shown as it is. */
  labels?: Record<string, Translated>;
  /** For `list` of objects: the path in each item to show (`detail`). */
  item?: string;
  /** Makes the value a link to the case whose id is at this path (`row.caseId`). */
  caseLink?: string;
}

/** A condition on the context: the value at `value` equals one of `in` (`null` matches a missing value). A list: all must hold. */
export type ScreenCondition = ConditionClause | ConditionClause[];
export interface ConditionClause {
  value: string;
  in: Array<string | number | boolean | null>;
}

/** What an action's form is: one of the plugin's forms (answers sent as `{ answers }`), or fields of the route's body. */
export type ActionForm =
  | { form: string }
  | {
      /** A JSON Schema of the body's fields, with `x-label` (and `x-enumLabels` for options) in the pack's languages. */
      schema: Record<string, unknown>;
    };

/**
 * A button bound to one of the plugin's routes (not a GET). The web app shows it only when the
 * user may call the route (its permission) and `when` holds; on success it says `done` and reloads
 * the screen, or opens `then`.
 */
export interface ScreenAction {
  /** Lower_snake, unique in its screen. */
  id: string;
  label: Translated;
  /** The route's id. */
  route: string;
  /** Each path parameter of the route, from the context: `{ incidentId: 'data.id' }`. */
  params?: Record<string, string>;
  /** A form the user fills before the call. Without one, the body is `body` alone. */
  form?: ActionForm;
  /** Fixed body fields (merged over the form's): `{ status: 'closed' }`. */
  body?: Record<string, unknown>;
  /** Body fields from the context (merged over the form's and `body`): `{ familyId: 'row.familyId' }`. The action is not shown when one is missing. */
  bodyFrom?: Record<string, string>;
  /** Asked before the call (for what cannot be undone). */
  confirm?: Translated;
  when?: ScreenCondition;
  /** Said when the call succeeded. */
  done: Translated;
  /** After success, open this screen of the plugin, with parameters from the route's answer (`result.<path>`) or the context. */
  then?: { screen: string; params: Record<string, string> };
}

/** Cursor paging: the answer's `next` path (a cursor, or nothing after the last page) and the query parameter that takes it. */
export interface CursorPaging {
  kind?: 'cursor';
  next: string;
  query: string;
}

/**
 * Offset paging: pages of `pageSize` items, the next asked for with `?<query>=<items shown so far>`
 * (and `?<limitQuery>=<pageSize>` on every request when given). There are more while the answer's
 * `total` (a path, e.g. `total`) is not reached or, without one, while a page comes back full.
 */
export interface OffsetPaging {
  kind: 'offset';
  query: string;
  pageSize: number;
  limitQuery?: string;
  total?: string;
}

/** A list of the source route's items. */
export interface ListView {
  kind: 'list';
  /** A GET route of the plugin; its path parameters come from the screen's parameters. */
  source: string;
  /** Where the items are in the answer (default `items`); the answer itself when `.`. */
  items?: string;
  columns: ScreenField[];
  /** Said when there is nothing to list. */
  empty: Translated;
  /** Each row opens this screen, with parameters from the row: `{ screen: 'incident', params: { incidentId: 'row.id' } }`. */
  open?: { screen: string; params: Record<string, string> };
  /** Query filters offered above the list (a choice sent as `?<query>=`). */
  filters?: Array<{ query: string; label: Translated; options: Array<{ value: string; label: Translated }> }>;
  /** How more items are asked for, when the route answers a page at a time. */
  paging?: CursorPaging | OffsetPaging;
  /** Actions on the screen (e.g. "Record an incident"), and on each row (`row.` paths). */
  actions?: ScreenAction[];
  rowActions?: ScreenAction[];
}

/** One part of a detail view. */
export type DetailSection =
  | { kind: 'fields'; title?: Translated; fields: ScreenField[] }
  /** Form answers at `value`, labelled by the plugin's form `form` in the user's language. */
  | { kind: 'answers'; title?: Translated; value: string; form: string }
  /** A table of the items at `value` (an array, or an object read as rows `{ key, value }`). */
  | { kind: 'table'; title?: Translated; value: string; columns: ScreenField[]; empty: Translated; rowActions?: ScreenAction[] }
  /** A short text shown when `when` holds (e.g. "details are for GBV-trained staff only"). */
  | { kind: 'notice'; text: Translated; when: ScreenCondition }
  /** A link to another screen of the plugin, with parameters from the context (e.g. from a request to its candidates). */
  | { kind: 'link'; text: Translated; screen: string; params: Record<string, string> };

/** One item of the source route, in sections. */
export interface DetailView {
  kind: 'detail';
  source: string;
  /** The heading: a path in the answer (`data.reference`), after the screen's title. */
  heading?: string;
  sections: Array<DetailSection & { when?: ScreenCondition }>;
  actions?: ScreenAction[];
}

export interface PluginScreen {
  /** Lower_snake, unique in the plugin: the screen's address is `/plugins/<plugin id>/<screen id>`. */
  id: string;
  title: Translated;
  /** Where it appears; none: reached only from another screen (`open`, `then`). */
  placement?: ScreenPlacement[];
  /** Parameters the screen needs (the source route's path parameters), e.g. `['incidentId']`. */
  params?: string[];
  view: ListView | DetailView;
}
