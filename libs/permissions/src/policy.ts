import { AbilityBuilder, createMongoAbility, MongoAbility, subject as asSubject } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import type { CaseConditions, PermissionRuleDef, PermissionSubject, SopPack } from '@app/pack-types';
import { expandFieldPatterns, parseFieldPattern, ruleActions } from '@app/sop';
import { CaseFacts, conditionsQuery, conditionsSql, PolicyUser, SqlParams } from './conditions';

/** The fields of each form, and which are sensitive (from the form catalogue of the SOP version). */
export interface FormFieldSource {
  formIds(): string[];
  fields(formId: string): string[];
  sensitive(formId: string): ReadonlySet<string>;
}

/** One rule of one of the user's roles, with where it is declared (for explanations). */
export interface GrantingRule {
  role: string;
  /** e.g. `roles.json $.roles[2].rules[1]` */
  origin: string;
  rule: PermissionRuleDef;
  /** Actions this rule grants (a form `fill` rule also grants `read`). */
  actions: string[];
}

export type AppAbility = MongoAbility;

function grantedActions(rule: PermissionRuleDef): string[] {
  const actions = ruleActions(rule);
  return rule.subject === 'form' && actions.includes('fill') && !actions.includes('read') ? [...actions, 'read'] : actions;
}

/**
 * A user's permissions under one SOP version, built from the pack's role rules. The same compiled
 * rules answer single-case questions (CASL), produce SQL for lists, and explain decisions.
 * Deny by default: nothing is allowed that no rule grants.
 */
export class Permissions {
  readonly ability: AppAbility;
  readonly rules: GrantingRule[];

  constructor(
    readonly pack: SopPack,
    readonly user: PolicyUser,
    readonly forms: FormFieldSource,
  ) {
    this.rules = [];
    pack.roles.forEach((role, i) => {
      if (!user.roles.includes(role.id)) return;
      role.rules.forEach((rule, j) =>
        this.rules.push({
          role: role.id,
          origin: `roles.json $.roles[${i}].rules[${j}]`,
          rule,
          actions: grantedActions(rule),
        }),
      );
    });
    this.ability = this.buildAbility();
  }

  private buildAbility(): AppAbility {
    const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
    for (const g of this.rules) {
      const query = conditionsQuery(g.rule.conditions, this.user);
      if (query === null) continue;
      if (g.rule.subject !== 'form') {
        can(g.actions, g.rule.subject, query).because(g.origin);
        continue;
      }
      for (const formId of this.formsTouched(g.rule)) {
        const fields = this.fieldsGranted(g.rule, formId);
        if (fields.length) can(g.actions, 'form', fields, { ...query, formId }).because(g.origin);
      }
    }
    return build();
  }

  /** Form ids a form rule's patterns name (every form for `*`). */
  formsTouched(rule: PermissionRuleDef): string[] {
    const all = this.forms.formIds();
    const named = new Set<string>();
    for (const p of (rule.fields ?? []).map(parseFieldPattern)) {
      if (p.exclude) continue;
      if (p.form === '*') all.forEach((f) => named.add(f));
      else if (all.includes(p.form)) named.add(p.form);
    }
    return [...named];
  }

  fieldsGranted(rule: PermissionRuleDef, formId: string): string[] {
    return expandFieldPatterns(rule.fields ?? [], formId, this.forms.fields(formId), this.forms.sensitive(formId));
  }

  /** May the user do `action` on this case (subjects case, consent, audit)? */
  canOnCase(action: string, subjectType: Exclude<PermissionSubject, 'form'>, facts: CaseFacts): boolean {
    return this.ability.can(action, asSubject(subjectType, { ...facts }));
  }

  /** May the user create a case of this type? */
  canCreate(caseType: string): boolean {
    return this.ability.can('create', asSubject('case', { caseType }));
  }

  /** Fields of a form the user may read or fill on this case ([] = the form is out of reach). */
  formFields(action: 'read' | 'fill', formId: string, facts: CaseFacts): string[] {
    const subj = asSubject('form', { ...facts, formId });
    if (!this.ability.can(action, subj)) return [];
    return permittedFieldsOf(this.ability, action, subj, { fieldsFrom: (r) => r.fields ?? [] });
  }

  canField(action: 'read' | 'fill', formId: string, field: string, facts: CaseFacts): boolean {
    return this.ability.can(action, asSubject('form', { ...facts, formId }), field);
  }

  /**
   * SQL predicate (cases aliased `c`) selecting exactly the cases on which the user may do `action`
   * to `subjectType`; for forms, optionally only where `formId.field` is granted. 'FALSE' when nothing is.
   */
  sql(action: string, subjectType: PermissionSubject, p: SqlParams, field?: { formId: string; field: string }): string {
    const ors: string[] = [];
    for (const g of this.rules) {
      if (g.rule.subject !== subjectType || !g.actions.includes(action)) continue;
      if (field && !this.fieldsGranted(g.rule, field.formId).includes(field.field)) continue;
      const s = conditionsSql(g.rule.conditions, this.user, p);
      if (s !== null) ors.push(s);
    }
    return ors.length ? `(${ors.join(' OR ')})` : 'FALSE';
  }

  /** Rules that grant `action` on `subjectType` (for explanations and administrators' previews). */
  rulesFor(action: string, subjectType: PermissionSubject): GrantingRule[] {
    return this.rules.filter((g) => g.rule.subject === subjectType && g.actions.includes(action));
  }

  conditionsOf(g: GrantingRule): CaseConditions | undefined {
    return g.rule.conditions;
  }
}
