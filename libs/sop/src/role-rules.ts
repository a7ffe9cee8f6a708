/**
 * Pure helpers over the permission rules of roles.json: which actions each subject has, how field
 * patterns read, and what a role can do regardless of conditions (for the linter and the validator).
 * Evaluating rules against a user and a case is the permissions library's job.
 */
import type { BuiltInSubject, PermissionRuleDef, PermissionSubject, RoleDef, SecurityDef, SopPack } from '@app/pack-types';

/** The actions each subject knows. */
export const SUBJECT_ACTIONS: Readonly<Record<BuiltInSubject, readonly string[]>> = {
  // `take`: a user of an intake queue's team makes a case waiting in the queue their own.
  case: ['create', 'read', 'share', 'break_glass', 'flag', 'note', 'assign', 'take', 'link', 'refer', 'transfer'],
  form: ['read', 'fill'],
  consent: ['read', 'record', 'override'],
  audit: ['read'],
  // A referral's receiving side reads its package and responds; an authority authorises it before it is sent.
  referral: ['read', 'respond', 'authorise'],
  // Aggregates over the cases a rule's conditions select (within what the user may read), and exports.
  // `count`: aggregates only, over the cases its conditions select without reading them (always suppressed).
  report: ['read', 'count', 'export', 'export_deidentified'],
  // The whole audit log (every case, sign-ins, administration): searched and exported by auditors, never by condition.
  audit_log: ['read', 'export'],
};

/** The actions of a subject: the core's, or those the enabled plugin declaring it lists; undefined when unknown. */
export function subjectActions(pack: Pick<SopPack, 'plugins'>, subject: string): readonly string[] | undefined {
  if (Object.prototype.hasOwnProperty.call(SUBJECT_ACTIONS, subject)) return SUBJECT_ACTIONS[subject as BuiltInSubject];
  for (const p of pack.plugins ?? []) if (Object.prototype.hasOwnProperty.call(p.subjects, subject)) return p.subjects[subject];
  return undefined;
}

export function ruleActions(rule: PermissionRuleDef): string[] {
  return Array.isArray(rule.action) ? rule.action : [rule.action];
}

export function asList<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The rules of a role that grant `action` on `subject` (a `fill` rule also grants `read` on forms). */
export function rulesGranting(role: RoleDef, action: string, subject: PermissionSubject): PermissionRuleDef[] {
  return role.rules.filter(
    (r) => r.subject === subject && (ruleActions(r).includes(action) || (subject === 'form' && action === 'read' && ruleActions(r).includes('fill'))),
  );
}

export interface FieldPattern {
  exclude: boolean;
  /** A form id, or `*` for every form. */
  form: string;
  /** A field name, or `*` for every non-sensitive field of the form. */
  field: string;
}

/** `formId`, `formId.*`, `formId.field`, `*`, each optionally prefixed by `!`. */
export function parseFieldPattern(pattern: string): FieldPattern {
  const exclude = pattern.startsWith('!');
  const body = exclude ? pattern.slice(1) : pattern;
  const dot = body.indexOf('.');
  if (dot < 0) return { exclude, form: body, field: '*' };
  return { exclude, form: body.slice(0, dot), field: body.slice(dot + 1) };
}

/**
 * The fields of one form that a rule's patterns grant. Wildcards never reach sensitive fields: a
 * sensitive field is granted only when a pattern names it. Exclusions win over grants in the same rule.
 */
export function expandFieldPatterns(patterns: string[], formId: string, fields: readonly string[], sensitive: ReadonlySet<string>): string[] {
  const granted = new Set<string>();
  const excluded = new Set<string>();
  for (const raw of patterns) {
    const p = parseFieldPattern(raw);
    if (p.form !== '*' && p.form !== formId) continue;
    const target = p.exclude ? excluded : granted;
    if (p.field === '*') {
      for (const f of fields) if (p.exclude || !sensitive.has(f)) target.add(f);
    } else if (p.form !== '*' && fields.includes(p.field)) {
      target.add(p.field);
    }
  }
  return fields.filter((f) => granted.has(f) && !excluded.has(f));
}

/** Form ids a role reaches for `action` under some condition (ignores conditions and field detail). */
export function formsGrantedTo(role: RoleDef, action: 'read' | 'fill', formIds: readonly string[]): string[] {
  const out = new Set<string>();
  for (const rule of rulesGranting(role, action, 'form')) {
    const patterns = (rule.fields ?? []).map(parseFieldPattern);
    const wholeExcluded = new Set(patterns.filter((p) => p.exclude && p.field === '*').map((p) => p.form));
    for (const p of patterns) {
      if (p.exclude) continue;
      for (const f of p.form === '*' ? formIds : [p.form]) if (formIds.includes(f) && !wholeExcluded.has(f) && !wholeExcluded.has('*')) out.add(f);
    }
  }
  return [...out];
}

/** Case types a role may create (a create rule without a caseType condition covers them all). */
export function caseTypesCreatableBy(role: RoleDef, caseTypes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const rule of rulesGranting(role, 'create', 'case')) {
    const types = asList(rule.conditions?.caseType);
    for (const t of types.length ? types : caseTypes) if (caseTypes.includes(t)) out.add(t);
  }
  return [...out];
}

export const DEFAULT_CONSENT_PURPOSES = [
  { id: 'services', label: { en: 'Receiving services', fr: 'Recevoir des services', ro: 'Primirea serviciilor', ar: 'تلقي الخدمات' } },
  {
    id: 'referral',
    label: { en: 'Referral to other services', fr: 'Orientation vers d’autres services', ro: 'Referirea către alte servicii', ar: 'الإحالة إلى خدمات أخرى' },
  },
  { id: 'tracing', label: { en: 'Family tracing', fr: 'Recherche familiale', ro: 'Căutarea familiei', ar: 'البحث عن الأسرة' } },
  { id: 'data_sharing', label: { en: 'Sharing information', fr: 'Partage d’informations', ro: 'Schimbul de informații', ar: 'مشاركة المعلومات' } },
];

/** Consent givers of a pack that does not list its own: nothing here assumes who the cases are about. */
export const DEFAULT_CONSENT_GIVERS = [
  { id: 'person_concerned', label: { en: 'The person concerned', fr: 'La personne concernée', ro: 'Persoana vizată', ar: 'الشخص المعني' } },
  { id: 'legal_representative', label: { en: 'Legal representative', fr: 'Représentant légal', ro: 'Reprezentantul legal', ar: 'الممثل القانوني' } },
  { id: 'other', label: { en: 'Other', fr: 'Autre', ro: 'Altcineva', ar: 'شخص آخر' } },
];

/** security.json with its defaults filled in (the file is optional). */
export function withSecurityDefaults(raw: Partial<SecurityDef> | undefined): SecurityDef {
  const consent = raw?.consent;
  return {
    consent: {
      purposes: consent?.purposes ?? DEFAULT_CONSENT_PURPOSES,
      methods: consent?.methods ?? ['written', 'verbal', 'thumbprint', 'electronic'],
      requiredFor: consent?.requiredFor ?? {},
      givers: consent?.givers ?? DEFAULT_CONSENT_GIVERS,
      // Assent is asked only where the pack says so (a child protection pack, from some age).
      ...(consent?.assent ? { assent: consent.assent } : {}),
      fromForms: consent?.fromForms ?? [],
    },
    breakGlass: raw?.breakGlass
      ? {
          durationHours: raw.breakGlass.durationHours,
          minReasonLength: raw.breakGlass.minReasonLength ?? 20,
          notify: raw.breakGlass.notify ?? ['case_owner_supervisor'],
        }
      : undefined,
    overrideReasonMinLength: raw?.overrideReasonMinLength ?? 20,
    offline: { maxDays: raw?.offline?.maxDays ?? 7, lockAfterMinutes: raw?.offline?.lockAfterMinutes ?? 15 },
  };
}
