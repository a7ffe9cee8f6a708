import { fieldSchemaOf } from '@app/forms';
import type { PermissionRuleDef, SopPack } from '@app/pack-types';
import { jp, type IssueParams, PackIssue } from './pack-issue';
import { asList, DEFAULT_CONSENT_GIVERS, parseFieldPattern, ruleActions, subjectActions, SUBJECT_ACTIONS } from './role-rules';

const CASE_SUBJECTS = new Set(['case', 'form', 'consent', 'audit', 'referral']);

const ADMINISTER_SCOPES = ['national', 'agency'];

/**
 * Delegated administration (`administer: { scope, roles }`): the scope is national, agency or a level
 * of locations.json; each role it grants exists, and none administers wider than the scope itself.
 */
function checkAdminister(
  pack: SopPack,
  role: SopPack['roles'][number],
  base: string,
  err: (file: string, path: string, code: string, message: string) => void,
) {
  const def = role.administer;
  if (!def || def === true) return;
  const levels = pack.locations.levels;
  if (!ADMINISTER_SCOPES.includes(def.scope) && !levels.includes(def.scope)) {
    err('roles.json', jp(base, 'scope'), 'unknown_scope', `"${def.scope}" is not a scope; use one of: ${[...ADMINISTER_SCOPES, ...levels].join(', ')}`);
    return;
  }
  def.roles.forEach((id, k) => {
    const granted = pack.roles.find((r) => r.id === id);
    if (!granted) return err('roles.json', jp(base, 'roles', k), 'unknown_role', `role "${id}" does not exist in roles.json`);
    const g = granted.administer;
    if (!g) return;
    const wider =
      g === true ||
      (def.scope !== 'national' &&
        (g.scope === 'national' ||
          (def.scope === 'agency' ? g.scope !== 'agency' : g.scope === 'agency' || levels.indexOf(g.scope) < levels.indexOf(def.scope))));
    if (wider)
      err(
        'roles.json',
        jp(base, 'roles', k),
        'administers_wider',
        `role "${id}" administers wider than the ${def.scope} scope of "${role.id}": it cannot be given`,
      );
  });
}

/**
 * Reference checks for roles.json permission rules and security.json: actions known for the subject,
 * field patterns naming real forms and fields, condition values naming real case types and steps.
 */
export function checkRoles(pack: SopPack, knownRecipients: readonly string[]): PackIssue[] {
  const issues: PackIssue[] = [];
  const err = (file: string, path: string, code: string, message: string, params?: IssueParams) =>
    issues.push({ file, path, code, message, severity: 'error', params });
  const F = 'roles.json';
  const formIds = new Set(pack.manifest.forms.map((f) => f.id));
  const formById = new Map(pack.forms.map((f) => [f.id, f]));
  const caseTypes = new Set(pack.manifest.caseTypes.map((c) => c.id));
  const steps = new Set(pack.workflow.steps.map((s) => s.id));

  const checkRule = (rule: PermissionRuleDef, base: string) => {
    const known = subjectActions(pack, rule.subject);
    if (!known) {
      const plugins = pack.plugins.flatMap((p) => Object.keys(p.subjects));
      err(
        F,
        jp(base, 'subject'),
        'unknown_subject',
        `"${rule.subject}" is not a subject; use one of: ${[...Object.keys(SUBJECT_ACTIONS), ...plugins].join(', ')} (plugins declare more when the pack enables them)`,
      );
      return;
    }
    ruleActions(rule).forEach((a, k) => {
      if (!known.includes(a)) {
        const at = Array.isArray(rule.action) ? jp(base, 'action', k) : jp(base, 'action');
        err(F, at, 'unknown_action', `"${a}" is not an action on ${rule.subject}; use one of: ${known.join(', ')}`);
      }
    });
    if (rule.subject === 'form' && !rule.fields) err(F, base, 'fields_required', 'a form rule must list the fields it grants (e.g. ["registration.*"])');
    if (rule.subject !== 'form' && rule.fields) err(F, jp(base, 'fields'), 'fields_not_allowed', `fields apply to form rules only, not to ${rule.subject}`);
    (rule.fields ?? []).forEach((raw, k) => {
      const p = parseFieldPattern(raw);
      const at = jp(base, 'fields', k);
      if (p.form === '*') {
        if (p.field !== '*') err(F, at, 'bad_field_pattern', `"${raw}": with every form (*) only whole forms can be named`);
        return;
      }
      if (!formIds.has(p.form)) {
        err(F, at, 'unknown_form', `form "${p.form}" is not listed in pack.json forms`);
        return;
      }
      const form = formById.get(p.form);
      if (p.field !== '*' && form && !fieldSchemaOf(form.schema, p.field)) err(F, at, 'unknown_field', `form "${p.form}" has no field "${p.field}"`);
    });
    const c = rule.conditions;
    if (!c) return;
    if (rule.subject === 'audit_log') {
      err(F, jp(base, 'conditions'), 'condition_not_applicable', 'the audit log is searched whole: audit_log rules take no conditions');
      return;
    }
    if (CASE_SUBJECTS.has(rule.subject) && ruleActions(rule).includes('create')) {
      const extra = Object.keys(c).filter((k) => k !== 'caseType');
      extra.forEach((k) =>
        err(F, jp(base, 'conditions', k), 'condition_not_applicable', `a case that is being created has no ${k} yet; only caseType can restrict create`),
      );
    }
    // A referral opens what it shares, never the case: the condition means "this referral is to my agency".
    if (c.referredTo !== undefined && rule.subject !== 'referral') {
      err(
        F,
        jp(base, 'conditions', 'referredTo'),
        'condition_not_applicable',
        `referredTo applies to referral rules only (a referral shares sections, not the ${rule.subject})`,
      );
    }
    asList(c.caseType).forEach((t, k) => {
      if (!caseTypes.has(t))
        err(
          F,
          Array.isArray(c.caseType) ? jp(base, 'conditions', 'caseType', k) : jp(base, 'conditions', 'caseType'),
          'unknown_case_type',
          `case type "${t}" does not exist in pack.json caseTypes`,
        );
    });
    asList(c.step).forEach((s, k) => {
      if (!steps.has(s))
        err(
          F,
          Array.isArray(c.step) ? jp(base, 'conditions', 'step', k) : jp(base, 'conditions', 'step'),
          'unknown_step',
          `step "${s}" does not exist in workflow.json`,
        );
    });
  };

  pack.roles.forEach((role, i) => role.rules.forEach((rule, j) => checkRule(rule, jp('$.roles', i, 'rules', j))));
  pack.roles.forEach((role, i) => checkAdminister(pack, role, jp('$.roles', i, 'administer'), err));

  const sec = pack.security;
  const purposes = new Set(sec.consent.purposes.map((p) => p.id));
  for (const [action, purpose] of Object.entries(sec.consent.requiredFor)) {
    if (purpose && !purposes.has(purpose)) {
      err(
        'security.json',
        jp('$.consent.requiredFor', action),
        'unknown_consent_purpose',
        `consent purpose "${purpose}" is not one of consent.purposes: ${[...purposes].join(', ')}`,
      );
    }
  }
  const givers = new Map<string, number>();
  const builtInGivers = JSON.stringify(sec.consent.givers) === JSON.stringify(DEFAULT_CONSENT_GIVERS);
  sec.consent.givers.forEach((g, k) => {
    if (givers.has(g.id))
      err(
        'security.json',
        jp('$.consent.givers', k, 'id'),
        'duplicate_id',
        `duplicate consent giver "${g.id}" (already used at ${jp('$.consent.givers', givers.get(g.id)!)})`,
      );
    else givers.set(g.id, k);
    // The built-in givers (a pack without its own) show in English where they lack the pack's language.
    const missing = builtInGivers ? [] : pack.manifest.locales.filter((l) => !g.label[l]);
    if (missing.length)
      err(
        'security.json',
        jp('$.consent.givers', k, 'label'),
        'missing_translation',
        `label is missing the ${missing.map((l) => `"${l}"`).join(', ')} translation (pack locales: ${pack.manifest.locales.join(', ')})`,
        { languages: missing.join(', ') },
      );
  });
  const assent = sec.consent.assent;
  if (assent?.untilAge !== undefined && assent.untilAge <= (assent.fromAge ?? 0)) {
    err('security.json', '$.consent.assent.untilAge', 'assent_ages', `must be above fromAge (${assent.fromAge ?? 0}): assent would never be asked`);
  }
  const roleIds = new Set(pack.roles.map((r) => r.id));
  (sec.breakGlass?.notify ?? []).forEach((who, k) => {
    if (!roleIds.has(who) && !knownRecipients.includes(who)) {
      err('security.json', jp('$.breakGlass.notify', k), 'unknown_role', `"${who}" is neither a role nor one of ${knownRecipients.join(', ')}`);
    }
  });
  return issues;
}
