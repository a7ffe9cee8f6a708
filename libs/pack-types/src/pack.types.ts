/**
 * SOP pack format v1: the in-memory model of a country's standard operating procedure.
 * A pack is a directory of JSON files (see docs/sop-pack-format.md); the loader assembles them
 * into a `SopPack`. Everything a country decides lives here; the engine has no country knowledge.
 */
import type { RuleExpression } from '@app/rules';
import type { DataQualityCheckDef, ReportingDef } from './reporting.types';
import type { Translated } from './translated';
import type { DeadlineDef, Duration } from './deadline.types';
import type { SecurityDef } from './security.types';
import type { Dhis2Def } from './dhis2.types';

export type * from './deadline.types';

/** pack.json */
export interface PackManifest {
  formatVersion: 1;
  id: string;
  name: Translated;
  country: string;
  locales: string[];
  defaultLocale: string;
  /** Where form files live, relative to the pack directory. Default `forms` if present, else `../../forms`. */
  formsDir?: string;
  caseTypes: CaseTypeDef[];
  /** Forms the pack uses, pinned by version. */
  forms: Array<{ id: string; version: number }>;
  calendar?: CalendarDef;
  /**
   * The country's time zone (IANA, e.g. Europe/Chisinau): what "due today" and the daily digest's
   * day and hour mean, and the zone of all deadline arithmetic (working days, office hours). Default UTC.
   */
  timezone?: string;
  /** Plugins enabled by id, with settings (checked against the plugin's settings schema) and the fragments included. */
  plugins?: PackPluginEntry[];
}

export interface CaseTypeDef {
  id: string;
  label: Translated;
  /** Step a new case of this type starts in. */
  startStep: string;
  /** Form whose answers are given when the case is created (registration / notification). */
  startForm: string;
  /** e.g. `MD-{district}-{yyyy}-{seq:6}`; tokens: {country} {region} {district} {community} {yyyy} {yy} {mm} {seq:N} {type} */
  caseNumberFormat: string;
  /**
   * Who the new case is assigned to: the creating user, nobody (picked up later), or nobody yet but
   * waiting in the intake queue of the team covering the case's location (one of them takes it).
   */
  assignTo: 'creator' | 'none' | { intakeQueue: IntakeQueueDef };
  /** Answer paths (form.field) that identify the person the case is about, used for display and duplicate checks. */
  identity?: { name?: string[]; dateOfBirth?: string; sex?: string };
  /** Answer path holding the case's risk level, copied to the case row (filterable). */
  riskField?: string;
  /**
   * Cases of this type may be opened from a case of another type (e.g. from a notification): the
   * new case is linked to it, and its start form begins with the answers carried over,
   * `{ "<start form>.<field>": "<other type's start form>.<field>" }` (only those the user may read).
   */
  openFrom?: CaseOpeningDef[];
}

export interface CaseOpeningDef {
  caseType: string;
  /** How the new case is linked to the one it was opened from. */
  link: 'notification' | 'related';
  answers: Record<string, string>;
}

/**
 * An intake queue: the users holding one of `roles` whose location lies within the queue's area or
 * covers it. The area is the case's location, or its ancestor at `level` (a district-wide queue).
 * Who may take a case from it is the pack's `take` rules on `case`.
 */
export interface IntakeQueueDef {
  roles: string[];
  /** A level of locations.json: the queue covers the whole area of that level around the case. */
  level?: string;
}

export interface CalendarDef {
  /** ISO weekday numbers that are not working days: 0 = Sunday ... 6 = Saturday. */
  weekend: number[];
  /** Public holidays, `YYYY-MM-DD`. */
  holidays: string[];
  /**
   * Office hours per weekday, in the pack time zone: keys `mon` … `sun` or ranges such as `mon-fri`,
   * values `HH:MM-HH:MM` periods (two periods for a lunch break). Needed by `workingHours` durations.
   */
  officeHours?: Record<string, string[]>;
}

export type StepKind = 'normal' | 'terminal' | 'paused';

export interface StepFormDef {
  form: string;
  use: 'required' | 'optional' | 'repeatable';
  /** For repeatable forms: completed entries needed before a transition that requires the form. */
  minEntries?: number;
}

export interface StepDef {
  id: string;
  label: Translated;
  kind: StepKind;
  forms?: StepFormDef[];
}

export interface GuardDef {
  rule: RuleExpression;
  /** Shown to the user when the guard fails. */
  message: Translated;
}

export interface EffectDef {
  /** Registered effect type, e.g. `set_case_field`; plugins add more. */
  type: string;
  [option: string]: unknown;
}

export interface TransitionDef {
  id: string;
  label: Translated;
  /** Step ids, or `*` for every step of kind normal. */
  from: string[] | '*';
  /** A step id, or `@previous` to return to the step before the current one (resume from pause). */
  to: string;
  /** Roles that may perform (or request, when approval is needed) the transition. */
  roles: string[];
  /** Forms that must be complete (and for repeatable forms, have minEntries entries). */
  requiresForms?: string[];
  guards?: GuardDef[];
  /** The transition waits for a user of one of these roles (not the requester) to approve it. */
  approval?: { roles: string[] };
  effects?: EffectDef[];
}

export interface WorkflowDef {
  steps: StepDef[];
  transitions: TransitionDef[];
}

/** The parts of one message in one language: Handlebars sources. */
export interface MessageTemplateSources {
  subject: string;
  text: string;
  html?: string;
}

/**
 * One message template. Sources come from `templates/<id>/<locale>.<subject|text|html>.hbs`.
 * `answers` lists the `form.field` answers its body may show; each is given only to recipients who may
 * read that field, never in a subject and never over a channel that does not carry answers (SMS).
 */
export interface MessageTemplateDef {
  id: string;
  answers: string[];
  locales: Record<string, MessageTemplateSources>;
}

/** notifications.json (optional) with templates/ beside it. */
export interface NotificationsDef {
  /** Channels besides the in-app inbox that messages go to, e.g. ["email"] or a plugin's "sms". */
  channels: string[];
  /** A daily digest of what is due and overdue, sent once per user per day at this UTC hour. */
  digest: { enabled: boolean; hour: number };
  /** By id; built-in English defaults fill in any of the standard ids the pack does not define. */
  templates: Record<string, MessageTemplateDef>;
}

/** Subjects of the core; enabled plugins declare more (e.g. `gbv_incident`). */
export type BuiltInSubject = 'case' | 'form' | 'consent' | 'audit' | 'referral' | 'report' | 'audit_log';
/** Subjects a permission rule can grant on: the core's, or one an enabled plugin declares. */
export type PermissionSubject = BuiltInSubject | (string & {});

/**
 * Conditions on the case a rule applies to; all must hold. Values are fixed placeholders so the same
 * rule can be evaluated in memory (CASL) and turned into SQL for lists.
 */
export interface CaseConditions {
  createdBy?: '$user';
  assignedTo?: '$user';
  sharedWith?: '$user';
  breakGlass?: '$user';
  team?: '$user.team';
  agency?: '$user.agency';
  location?: '$user.location';
  /** A referral of the case to the user's agency is sent or accepted (subject referral: that referral). */
  referredTo?: '$user.agency';
  caseType?: string | string[];
  step?: string | string[];
  status?: CaseStatus | CaseStatus[];
}

export type CaseStatus = 'open' | 'paused' | 'closed';

/**
 * One grant, CASL style: the role may do `action` to `subject` when every condition holds.
 * Rules of all of a user's roles add up; anything not granted is denied.
 * Actions per subject: case: create, read, share, break_glass, flag, note, assign, take, link, refer, transfer; form: read, fill
 * (with `fields`); consent: read, record, override; audit: read; referral: read, respond, authorise.
 */
export interface PermissionRuleDef {
  action: string | string[];
  subject: PermissionSubject;
  /**
   * Form fields (subject `form` only): `formId` / `formId.*` = the form's non-sensitive fields,
   * `formId.field` = one field (the only way to grant a sensitive field), `*` = every form's
   * non-sensitive fields, `!pattern` = exclusion.
   */
  fields?: string[];
  conditions?: CaseConditions;
  note?: string;
}

export interface RoleDef {
  id: string;
  label: Translated;
  description?: string;
  rules: PermissionRuleDef[];
  /**
   * `true`: full administrators (publish packs, manage every user, explain permissions). An object:
   * delegated administration of people only, within `scope`, granting only `roles`.
   */
  administer?: boolean | AdministerScopeDef;
  requiresTwoFactor?: boolean;
  /** Users with this role supervise the members of their team (recipient `case_owner_supervisor`). */
  supervisesTeam?: boolean;
}

/**
 * Whom a delegated administrator manages: `national` (everyone), `agency` (users of their own
 * agency) or a level of locations.json (e.g. `district`: users whose place is within the
 * administrator's own place at that level). They grant only `roles`, none wider than their scope.
 */
export interface AdministerScopeDef {
  scope: string;
  roles: string[];
}

export interface LocationNode {
  code: string;
  name: Translated;
  level: string;
  children?: LocationNode[];
}

export interface LocationsDef {
  /** Ordered from the top, e.g. ["country", "region", "district", "community"]. */
  levels: string[];
  root: LocationNode;
}

export interface OptionDef {
  value: string;
  label: Translated;
}

export interface OrganisationsDef {
  agencies: Array<{ id: string; name: Translated; location: string }>;
  teams: Array<{ id: string; name: Translated; agency: string }>;
}

export interface DemoUserDef {
  username: string;
  displayName: string;
  roles: string[];
  agency?: string;
  team?: string;
  location: string;
  locale?: string;
  email?: string;
  phone?: string;
  /** Demo only: a fixed TOTP secret (base32) seeded as the user's active two-factor authenticator. */
  totpSecret?: string;
}

/** An answer value of a demo case: as given, or `{ "$daysAgo": n }` for the day n days before the demo starts. */
export type DemoAnswerValue = string | number | boolean | null | unknown[] | { $daysAgo: number };

/** What happens to a demo case after registration: a transition performed, or a form filled. */
export type DemoCaseStepDef =
  | { transition: string; by?: string; comment?: string }
  | { form: string; by?: string; answers: Record<string, DemoAnswerValue>; status?: 'draft' | 'complete' };

/** demo-cases.json: one case registered through the engine when the demo starts. */
export interface DemoCaseDef {
  id: string;
  caseType: string;
  /** The demo user who registers it. */
  by: string;
  /** Answers to the case type's start form. */
  answers: Record<string, DemoAnswerValue>;
  then?: DemoCaseStepDef[];
}

/** One form version: forms/<id>.v<version>.json */
export interface FormDef {
  id: string;
  version: number;
  title: Translated;
  /** JSON Schema (draft 2020-12), type object. Properties may carry `x-optionList`, `x-sensitive`, `x-label`. */
  schema: Record<string, any>;
  uiSchema?: Record<string, any>;
}

/** A kind of service children are referred to (health care, counselling, legal aid, foster care...). */
export interface ServiceTypeDef {
  id: string;
  label: Translated;
  description?: Translated;
  /** What a referral shares (form ids): at least `minForms`, at most `maxForms`; how long the provider has to answer. */
  referral?: {
    minForms?: string[];
    maxForms?: string[];
    respondWithin?: Duration;
    /** The referral waits for a user with `authorise` on `referral` (e.g. the guardianship authority) before it is sent. */
    requiresAuthorisation?: boolean;
  };
}

/** Someone who provides services: an agency on the platform, or an outside provider with a contact. */
export interface ServiceProviderDef {
  id: string;
  name: Translated;
  serviceTypes: string[];
  /** Location codes covered, with everything below them. */
  locations: string[];
  /** Case types accepted; all when absent. */
  caseTypes?: string[];
  /** The agency (organisations.json) whose users receive referrals in the platform. */
  agency?: string;
  usesPlatform?: boolean;
  contact?: { phone?: string; email?: string; address?: string; person?: string };
  /** False: kept for history, not offered. */
  active?: boolean;
}

/** When a follow-up question is asked (services.json `followUpQuestions[].askedWhen`). */
export type FollowUpAskedWhen = 'serviceReceived' | 'always';

/**
 * One question the referring worker answers when following up a referral (services.json
 * `followUpQuestions`): yes/no, one of a list of options, or free text; labels in the pack's languages.
 */
export interface FollowUpQuestionDef {
  id: string;
  type: 'boolean' | 'option' | 'text';
  label: Translated;
  /** The follow-up is refused without an answer (when the question is asked, see askedWhen). */
  required?: boolean;
  /**
   * When the question is asked: `serviceReceived` (the default: a question about the service makes
   * sense only when it was received) or `always`. An answer to a question not asked is refused.
   */
  askedWhen?: FollowUpAskedWhen;
  /** type option: the choices, inline... */
  options?: OptionDef[];
  /** ...or a list of option-lists.json. */
  optionList?: string;
  /** type text: at most this many characters (default 2000). */
  maxLength?: number;
}

/** services.json (optional): the service directory. Administrators may edit providers at run time. */
export interface ServicesDef {
  serviceTypes: ServiceTypeDef[];
  providers: ServiceProviderDef[];
  /** What the referring worker is asked at follow-up, besides whether the service was received (none when absent). */
  followUpQuestions?: FollowUpQuestionDef[];
}

/** The assembled pack. */
export interface SopPack {
  manifest: PackManifest;
  workflow: WorkflowDef;
  deadlines: DeadlineDef[];
  roles: RoleDef[];
  locations: LocationsDef;
  optionLists: Record<string, OptionDef[]>;
  organisations: OrganisationsDef;
  demoUsers: DemoUserDef[];
  /** demo-cases.json (optional; absent on packs assembled by hand, e.g. in tests). */
  demoCases?: DemoCaseDef[];
  security: SecurityDef;
  notifications: NotificationsDef;
  services: ServicesDef;
  reporting: ReportingDef;
  dataQuality: DataQualityCheckDef[];
  /** dhis2.json (optional): aggregate reporting to DHIS2. */
  dhis2?: Dhis2Def;
  forms: FormDef[];
  /** The plugins this pack enables, with their settings; their forms, fragments, templates and indicators are merged in above. */
  plugins: EnabledPlugin[];
}

/** pack.json `plugins[]` */
export interface PackPluginEntry {
  id: string;
  settings?: Record<string, unknown>;
  /** Fragment ids of the plugin merged into the pack. */
  include?: string[];
}

/** A plugin as a validated pack enables it. */
export interface EnabledPlugin {
  id: string;
  version: string;
  settings: Record<string, unknown>;
  include: string[];
  subjects: Record<string, string[]>;
  /** Ids of the forms the plugin contributes (filled through its routes, or in a step of an included fragment). */
  forms: string[];
  /** Ids of the message templates the plugin sends. */
  templates: string[];
  /** Labels of the events it records on case timelines, by name without the prefix (in the pack's languages). */
  events?: Record<string, Translated>;
}
