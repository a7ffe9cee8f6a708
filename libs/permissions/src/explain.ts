import { createMongoAbility, subject as asSubject } from '@casl/ability';
import type { PermissionRuleDef, PermissionSubject } from '@app/pack-types';
import { CaseFacts, CONDITION_KINDS, conditionEntries } from './conditions';
import type { Permissions } from './policy';

export interface ExplainQuery {
  action: string;
  subject: PermissionSubject;
  /** The case concerned; without it conditions are reported as "depends on the case". */
  facts?: CaseFacts | { caseType: string };
  formId?: string;
  field?: string;
}

export interface RuleVerdict {
  role: string;
  origin: string;
  rule: PermissionRuleDef;
  /** Every condition holds (and the field, if asked, is granted). */
  applies: boolean | null;
  conditions: Array<{ condition: string; means: string; holds: boolean | null }>;
  /** For form questions: the fields this rule grants on the form, and whether the asked field is one. */
  fields?: { granted: string[]; includesAsked: boolean | null };
}

export interface Explanation {
  allowed: boolean | null;
  decidedBy: { role: string; origin: string; rule: PermissionRuleDef } | null;
  summary: string;
  rules: RuleVerdict[];
}

/** Does one condition hold? Evaluated with CASL's own matcher, like the real decision. */
function holds(perms: Permissions, key: keyof typeof CONDITION_KINDS, value: unknown, facts: object): boolean {
  const query = CONDITION_KINDS[key].query(value, perms.user);
  if (query === null) return false;
  return createMongoAbility([{ action: 'x', subject: 's', conditions: query }]).can('x', asSubject('s', { ...facts }));
}

/**
 * Why may (or may not) this user do this? Lists every rule of the user's roles that grants the action
 * on the subject, which of its conditions hold for the case, and names the rule that decided.
 */
export function explain(perms: Permissions, q: ExplainQuery): Explanation {
  const facts = q.facts;
  const rules: RuleVerdict[] = perms.rulesFor(q.action, q.subject).map((g) => {
    const conditions = conditionEntries(g.rule.conditions).map(([key, value]) => ({
      condition: key,
      means: CONDITION_KINDS[key].describe(value),
      holds: facts ? holds(perms, key, value, facts) : null,
    }));
    let fields: RuleVerdict['fields'];
    if (q.subject === 'form' && q.formId) {
      const granted = perms.fieldsGranted(g.rule, q.formId);
      fields = { granted, includesAsked: q.field ? granted.includes(q.field) : granted.length > 0 };
    }
    const condOk = conditions.every((c) => c.holds === true) ? true : conditions.some((c) => c.holds === false) ? false : null;
    const fieldOk = fields ? fields.includesAsked : true;
    const applies = condOk === false || fieldOk === false ? false : condOk === null ? null : true;
    return { role: g.role, origin: g.origin, rule: g.rule, applies, conditions, fields };
  });
  const winner = rules.find((r) => r.applies === true) ?? null;
  let allowed: boolean | null;
  if (facts) {
    const subj = q.subject === 'form' ? asSubject('form', { ...facts, formId: q.formId }) : asSubject(q.subject, { ...facts });
    allowed = perms.ability.can(q.action, subj, q.subject === 'form' ? q.field : undefined);
  } else {
    allowed = winner ? true : rules.some((r) => r.applies === null) ? null : false;
  }
  const what = `${q.action} ${q.subject}${q.formId ? ` ${q.formId}${q.field ? `.${q.field}` : ''}` : ''}`;
  const summary =
    allowed === true
      ? `Allowed: ${winner ? `${winner.origin} (role ${winner.role})` : 'a rule'} grants ${what}.`
      : allowed === false
        ? rules.length === 0
          ? `Denied: no rule of the user's roles (${perms.user.roles.join(', ') || 'none'}) grants ${what}.`
          : `Denied: ${rules.length} rule(s) grant ${what}, but for each a condition fails or the field is not granted.`
        : `Depends on the case: ${rules.length} rule(s) grant ${what} under conditions.`;
  return { allowed, decidedBy: winner ? { role: winner.role, origin: winner.origin, rule: winner.rule } : null, summary, rules };
}
