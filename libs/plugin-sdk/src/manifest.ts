import type { FormDef, IndicatorDef, PackFragment, PluginTemplateDef, Translated } from '@app/pack-types';
import type { EffectHandler } from '@app/workflow';
import type { OperatorFn } from '@app/rules';
import type { PluginEventContext, PluginFactContext, PluginJobContext, PluginRequest, PluginRouteContext } from './context';
import type { PluginChannel } from './channel';
import type { PluginScreen } from './screens';

/** The SDK's own version. A plugin states the range it supports (`sdk: '^1.0.0'`); the host refuses others. */
export const SDK_VERSION = '1.0.0';

/** A JSON Schema (draft 2020-12). */
export type JsonSchema = Record<string, unknown>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What a route needs: `action` on `subject` (a subject the plugin declares, or a core one such as
 * `case`). When the path has `:caseId`, the host checks it on that case (an unreadable case answers
 * 404); otherwise the user needs a rule granting it somewhere. There is no default: a route without
 * a permission is refused when the plugin is loaded.
 */
export interface RoutePermission {
  subject: string;
  action: string;
}

/**
 * An HTTP route, mounted at `/api/plugins/<plugin id><path>` only while the active pack enables the
 * plugin. Every call is audited by the host as `<plugin id>.<route id>` (allowed or denied).
 */
export interface PluginRoute<S = Record<string, unknown>> {
  /** Lower-case words joined by underscores; unique in the plugin; names the audit action. */
  id: string;
  method: HttpMethod;
  /** Starts with `/`; `:name` segments are parameters, e.g. `/cases/:caseId/incidents`. */
  path: string;
  summary: string;
  permission: RoutePermission;
  /** Request body schema: a body that does not match answers 400 `validation_failed` before the handler runs. */
  body?: JsonSchema;
  /** Returns the response body (status 200, or 201 for POST); runs in one transaction with its audit entries. */
  handler(ctx: PluginRouteContext<S>, req: PluginRequest): Promise<unknown>;
}

/** Runs after a case event of `event` type was appended (same transaction: a failing hook undoes the change). */
export interface PluginHook<S = Record<string, unknown>> {
  /** A case event type (see DOMAIN_EVENTS), or `*` for every event. */
  event: string;
  run(ctx: PluginEventContext<S>): Promise<void>;
}

/** Work done by the scheduler every `everyMinutes` (at most once per interval across all processes). */
export interface PluginJob<S = Record<string, unknown>> {
  id: string;
  everyMinutes: number;
  run(ctx: PluginJobContext<S>): Promise<void>;
}

/**
 * One step of the plugin's own tables. `up` is SQL run once, in a transaction, by the schema owner,
 * inside the plugin's own PostgreSQL schema (`plugin_<id>`, on the search path; `public` is reachable
 * for references such as `public.cases(id)`). Ids sort in the order they run: `001-incidents`.
 */
export interface PluginMigration {
  id: string;
  up: string;
}

/**
 * A fact the plugin states about a case, which rules read as `{"plugin_fact": "<plugin id>.<name>"}`
 * (e.g. a transition guard "the panel approved a match"). The host runs `load` only for cases of
 * packs whose rules name the fact, each time it judges a guard or deadline of such a case, inside
 * the plugin's confined database access. Keep it one indexed query.
 */
export interface PluginFact<S = Record<string, unknown>> {
  /** What the value means, for pack authors (listed in docs and in plugins/<id>.json). */
  description: string;
  /** The value: true/false, a number, a text, or null when unknown. */
  load(ctx: PluginFactContext<S>): Promise<boolean | number | string | null>;
}

/** A rule operator guards and conditions may call as `{ "<name>": [args] }`. */
export type PluginOperator = OperatorFn | { fn: OperatorFn; lazy: true };

/**
 * A plugin: what it is, which SDK it supports, and everything it contributes. Names it adds are
 * prefixed so they cannot collide with the core's or another plugin's: forms, subjects, template
 * ids and indicator ids with `<id>_` (hyphens as underscores), effects, operators, events, channels,
 * field formats with `<id>.`.
 */
export interface PluginDefinition<S = Record<string, unknown>> {
  /** Lower-case words joined by hyphens, e.g. `family-tracing`. */
  id: string;
  /** MAJOR.MINOR.PATCH */
  version: string;
  /** Range of SDK versions supported, e.g. `^1.0.0`. */
  sdk: string;
  name: Translated;
  description?: string;
  /** What a pack may (or must) set in `plugins[].settings`; defaults are filled in. */
  settingsSchema?: JsonSchema;
  forms?: FormDef[];
  /** Pieces of SOP a pack includes by id (`plugins[].include`). */
  fragments?: PackFragment[];
  templates?: Record<string, PluginTemplateDef>;
  indicators?: IndicatorDef[];
  /** Permission subjects and their actions; a pack's roles grant them (`{ "subject": "gbv_incident", "action": "read" }`). */
  subjects?: Record<string, string[]>;
  /** Workflow effects transitions may run: pure functions of the case, like the core's. */
  effects?: Record<string, EffectHandler>;
  /** Guard functions: rule operators guards, deadline conditions and checks may use. */
  operators?: Record<string, PluginOperator>;
  /**
   * What the events the plugin records on case timelines (`ctx.cases.recordEvent`) are called, by
   * name without the prefix: `{ match_confirmed: { en: 'Match confirmed', fr: '…' } }`. The timeline
   * shows the label in the reader's language (an event without one reads as its name in words).
   */
  events?: Record<string, Translated>;
  /** Facts about a case rules may read (`plugin_fact`), by lower_snake name. */
  facts?: Record<string, PluginFact<S>>;
  /** Answer formats forms may use (`"format": "<id>.<name>"`): a value check. */
  fieldFormats?: Record<string, (value: string) => boolean>;
  hooks?: PluginHook<S>[];
  migrations?: PluginMigration[];
  routes?: PluginRoute<S>[];
  jobs?: PluginJob<S>[];
  channels?: PluginChannel[];
  /**
   * What the plugin's error codes (`PluginError`) say in each language: the problem's title and
   * detail (an ICU message; it may name `errorCount`). A code without them says "The request was
   * refused (code: x)." in the user's language; English is the error's own message.
   */
  problems?: Record<string, { title: Translated; detail?: Translated }>;
  /** What users see and do in the web app (lists, details, forms, actions bound to routes): data, no UI code. A function when they depend on the pack's settings. */
  screens?: PluginScreen[] | ((settings: S) => PluginScreen[]);
}

/** Declares a plugin (typing only: the host checks it when the plugin is loaded). */
export function definePlugin<S = Record<string, unknown>>(definition: PluginDefinition<S>): PluginDefinition<S> {
  return definition;
}

/** Case event types hooks may subscribe to (plus any event a transition's `emit_event` or a plugin records). */
export const DOMAIN_EVENTS = [
  'case_registered',
  'form_submitted',
  /** A completed form corrected (its answers changed after it was first completed). */
  'form_updated',
  'transition_performed',
  'approval_requested',
  'case_assigned',
  'consent_recorded',
  'case_linked',
  'transfer_accepted',
  'deadline_reminder_sent',
  'deadline_overdue',
  'deadline_escalated',
] as const;
