/**
 * What a plugin's code may call: a narrow API the host implements. Everything a route does runs under
 * the acting user's permissions and in one transaction with its audit entries; nothing here lets a
 * plugin write to the core's tables or skip the audit log.
 */

export interface PluginInfo {
  id: string;
  version: string;
}

/** The signed-in user a route acts for. */
export interface PluginUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  teamId: string | null;
  agencyId: string | null;
  locale: string;
}

/**
 * SQL on the plugin's own schema, in the current transaction, as a database role that can reach
 * only that schema (the core's tables are out of reach: use `cases` below). Always pass values as
 * parameters ($1, $2...).
 */
export interface PluginDb {
  query<T = Record<string, any>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** A case as the acting user may see it: answers hold only the fields the user may read. */
export interface PluginCaseView {
  id: string;
  caseNumber: string;
  caseType: string;
  step: string;
  status: string;
  /** Null when the user may not read the name. */
  displayName: string | null;
  assignedTo: string | null;
  locationCode: string;
  registeredAt: string;
  /** Latest answers per form id, readable fields only. */
  answers: Record<string, Record<string, unknown>>;
}

export type ConsentState = 'granted' | 'refused' | 'withdrawn' | 'unknown';

export interface PluginCases {
  /** The case as the acting user may see it; throws 404 `case_not_found` when they may not read it. Audited as `case.read`. */
  get(caseId: string): Promise<PluginCaseView>;
  /** Whether the acting user may do `action` on `subject` for this case (false when the case is unreadable). */
  can(caseId: string, action: string, subject: string): Promise<boolean>;
  /** Of these case ids, the ones the acting user may read. */
  readable(caseIds: string[]): Promise<Set<string>>;
  /**
   * Appends `<plugin id>.<type>` to the case's timeline (reporting can count it); the user must be
   * able to read the case. With `visibleTo`, only users with that right on the case see the event
   * on the timeline (e.g. that a GBV incident exists).
   */
  recordEvent(caseId: string, type: string, data: Record<string, unknown>, options?: { visibleTo?: { subject: string; action: string } }): Promise<void>;
  /**
   * The case's consent for a purpose of the pack's security.json, whether or not the user may read
   * the case (a plugin decides with it, e.g. which children may be proposed); never show it to a
   * user who may not read the case.
   */
  consent(caseId: string, purpose: string): Promise<ConsentState>;
}

export interface PluginFormProblem {
  /** JSON pointer of the answer, e.g. `/incident_date`. */
  path: string;
  message: string;
}

export interface PluginForms {
  /**
   * Checks answers against one of the plugin's forms (or any form of the pack): its JSON Schema with
   * the pack's option lists and formats. Returns the problems (empty when valid). Who may give the
   * answers is the route's permission; the plugin keeps them in its own tables.
   */
  check(formId: string, answers: Record<string, unknown>): PluginFormProblem[];
}

export interface PluginAuditEntry {
  caseId?: string | null;
  /** `formId.field` paths read or changed. */
  fields?: string[];
  details?: Record<string, unknown>;
}

/** Adds entries to the platform's hash-chained audit log, as `<plugin id>.<action>`, in the current transaction. */
export interface PluginAudit {
  record(action: string, entry?: PluginAuditEntry): Promise<void>;
}

/** Queues a message (inbox and the pack's channels) to the users holding these roles, rendered from a template. */
export interface PluginNotify {
  roles(roles: string[], template: string, message: { caseId?: string | null; data?: Record<string, unknown> }): Promise<number>;
}

/** The pack's location tree. */
export interface PluginLocations {
  /** Codes from the root down to `code` (e.g. ["MD", "CH", "CH01"]); null for an unknown code. */
  path(code: string): string[] | null;
  /** The location's name in the locale (falling back to the pack's default), or null. */
  label(code: string, locale?: string): string | null;
}

interface PluginContextBase<S> {
  plugin: PluginInfo;
  /** The settings the active pack gives the plugin (defaults filled in). */
  settings: S;
  now: Date;
  db: PluginDb;
  audit: PluginAudit;
  locations: PluginLocations;
}

export interface PluginRequest {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: any;
}

export interface PluginRouteContext<S = Record<string, unknown>> extends PluginContextBase<S> {
  user: PluginUser;
  cases: PluginCases;
  forms: PluginForms;
  notify: PluginNotify;
  /** Whether the acting user may do `action` on `subject` anywhere (a rule grants it, whatever its conditions). */
  can(action: string, subject: string): boolean;
}

/** A case event as hooks receive it. */
export interface PluginCaseEvent {
  type: string;
  caseId: string;
  actorId: string | null;
  at: Date;
  data: Record<string, unknown>;
}

/**
 * Hooks see the whole case (they keep the plugin's own tables in step, e.g. a search index), never
 * show it to anyone: what routes return is checked against the acting user's permissions.
 */
export interface PluginHookCase {
  id: string;
  caseType: string;
  step: string;
  status: string;
  displayName: string | null;
  dateOfBirth: string | null;
  sex: string | null;
  locationCode: string;
  locationPath: string;
  registeredAt: Date;
  answers: Record<string, Record<string, unknown>>;
}

export interface PluginEventContext<S = Record<string, unknown>> extends PluginContextBase<S> {
  event: PluginCaseEvent;
  case: PluginHookCase;
  /**
   * The case as it was before the change that raised the event, when the platform holds it (a form
   * saved on an existing case): a hook may skip work the change cannot have affected. Absent
   * otherwise (a new case, a transfer): do the work.
   */
  before?: PluginHookCase;
}

export type PluginJobContext<S = Record<string, unknown>> = PluginContextBase<S>;

/**
 * What a fact loader gets: the case it is asked about and read access to the plugin's own tables in
 * the caller's transaction. A loader only reads; it shows nothing to anyone (rules use the answer),
 * so it has no user, no audit and no notifications.
 */
export interface PluginFactContext<S = Record<string, unknown>> {
  plugin: PluginInfo;
  settings: S;
  now: Date;
  db: PluginDb;
  locations: PluginLocations;
  caseId: string;
}

/**
 * Thrown by plugin code to answer with a problem: `code` is stable (clients branch on it), `status`
 * the HTTP status, `message` for people. Nothing of the route's transaction is kept.
 */
export class PluginError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extras: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'PluginError';
  }
}
