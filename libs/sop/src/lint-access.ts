/**
 * Lint checks where roles.json meets the workflow: can the people allowed to move a case on open it,
 * and can the forms a transition needs be completed by the people who may fill them at that step?
 * Each finding is a way a case gets stuck.
 */
import type { FormDef, RoleDef, TransitionDef } from '@app/pack-types';
import { jp, type IssueParams, PackIssue } from './pack-issue';
import { caseTypesCreatableBy, formsGrantedTo, parseFieldPattern } from './role-rules';
import { fillGrants, formFields, LintContext, roleMayRead, situationsAt, StepSituation } from './lint-context';

export function lintAccess(ctx: LintContext): PackIssue[] {
  return [...transitionReaders(ctx), ...requiredFieldFillers(ctx), ...startFormFillers(ctx)];
}

const roleList = (ids: string[]) => ids.map((r) => `"${r}"`).join(', ');

/** A transition (or its approval) whose roles cannot open the case at any step it leaves. */
function transitionReaders(ctx: LintContext): PackIssue[] {
  const issues: PackIssue[] = [];
  const roles = new Map(ctx.pack.roles.map((r) => [r.id, r]));
  const readable = (t: TransitionDef, ids: string[]) =>
    ctx.fromSteps(t).some((s) => situationsAt(ctx, s).some((at) => ids.some((id) => roles.has(id) && roleMayRead(roles.get(id)!, at))));
  ctx.pack.workflow.transitions.forEach((t, i) => {
    const from = ctx.fromSteps(t).filter((s) => ctx.reached.has(s));
    if (from.length === 0 || !t.roles.some((r) => roles.has(r))) return;
    const steps = from.map((s) => `"${s}"`).join(', ');
    if (!readable(t, t.roles)) {
      issues.push({
        file: 'workflow.json',
        path: jp('$.transitions', i, 'roles'),
        code: 'transition_performers_cannot_read',
        severity: 'error',
        params: { transition: t.id, roles: t.roles.join(', '), steps: from.join(', ') },
        message: `nobody can perform transition "${t.id}": its roles (${roleList(t.roles)}) have no read rule on case that can hold at step ${steps}, and a case one cannot open cannot be moved on`,
      });
    }
    if (t.approval && t.approval.roles.some((r) => roles.has(r)) && !readable(t, t.approval.roles)) {
      issues.push({
        file: 'workflow.json',
        path: jp('$.transitions', i, 'approval', 'roles'),
        code: 'approval_approvers_cannot_read',
        severity: 'error',
        params: { transition: t.id, roles: t.approval.roles.join(', '), steps: from.join(', ') },
        message: `nobody can approve transition "${t.id}": the approving roles (${roleList(t.approval.roles)}) have no read rule on case that can hold at step ${steps}, so requests would wait forever`,
      });
    }
  });
  return issues;
}

/**
 * Forms certainly complete when a case arrives at each step: required by every transition into it
 * (or complete before it), or the start form for a start step. A transition needing such a form
 * does not depend on anyone filling it at that step.
 */
function completeOnArrival(ctx: LintContext): Map<string, Set<string> | null> {
  const { pack } = ctx;
  const incoming = new Map<string, Array<{ t: TransitionDef; from: string }>>();
  for (const t of pack.workflow.transitions) {
    if (t.to === '@previous') continue; // back to a step the case was in, with what it had then
    for (const from of ctx.fromSteps(t)) if (ctx.reached.has(from)) incoming.set(t.to, [...(incoming.get(t.to) ?? []), { t, from }]);
  }
  // null = every form (the top of the lattice); sets only shrink, so this ends.
  const state = new Map<string, Set<string> | null>([...ctx.reached].map((s) => [s, null]));
  const intersect = (a: Set<string> | null, b: Set<string> | null) => (a === null ? b : b === null ? a : new Set([...a].filter((x) => b.has(x))));
  for (let changed = true, rounds = 0; changed && rounds < 1000; rounds++) {
    changed = false;
    for (const s of ctx.reached) {
      let next: Set<string> | null = null;
      for (const ct of pack.manifest.caseTypes) if (ct.startStep === s) next = intersect(next, new Set([ct.startForm]));
      for (const { t, from } of incoming.get(s) ?? []) {
        const before = state.get(from) ?? null;
        next = intersect(next, before === null ? null : new Set([...before, ...(t.requiresForms ?? [])]));
      }
      const prev = state.get(s) ?? null;
      if (next !== null && (prev === null || next.size !== prev.size)) {
        state.set(s, next);
        changed = true;
      }
    }
  }
  return state;
}

/** Who among the roles may fill which fields of a form in a situation (only roles that can open the case count). */
function fillersOf(roles: RoleDef[], form: FormDef, at: StepSituation, needRead: boolean) {
  return roles
    .filter((r) => !needRead || roleMayRead(r, at))
    .map((role) => ({ role, grants: fillGrants(role, form, at) }))
    .filter((x) => x.grants.some((g) => g.fields.length > 0));
}

interface Blame {
  path: string;
  message: string;
  params: IssueParams;
}

/** The fill rule that leaves a required field out on purpose: an exclusion, or a wildcard that never reaches a sensitive field. */
function blameExclusion(ctx: LintContext, roles: RoleDef[], form: FormDef, field: string, at: StepSituation): Blame | null {
  const { sensitive } = formFields(form);
  for (const role of roles) {
    const ri = ctx.pack.roles.indexOf(role);
    for (const g of fillGrants(role, form, at)) {
      const patterns = (g.rule.fields ?? []).map(parseFieldPattern);
      const touches = patterns.some((p) => !p.exclude && (p.form === '*' || p.form === form.id));
      if (!touches) continue;
      const k = patterns.findIndex((p) => p.exclude && (p.form === '*' || p.form === form.id) && (p.field === '*' || p.field === field));
      const base = jp('$.roles', ri, 'rules', g.index, 'fields');
      if (k >= 0) {
        return {
          path: jp(base, k),
          params: { role: role.id, form: form.id, field, step: at.step },
          message:
            `role "${role.id}" excludes "${form.id}.${field}" from what it fills ("${g.rule.fields![k]}"), but form "${form.id}" requires it and no other role that may fill the form` +
            ` at step "${at.step}" fills it: the form can never be completed there`,
        };
      }
      if (sensitive.has(field)) {
        return {
          path: base,
          params: { role: role.id, form: form.id, field, step: at.step },
          message:
            `"${form.id}.${field}" is required but sensitive, and wildcards never reach sensitive fields: role "${role.id}" fills form "${form.id}" but not that field,` +
            ` and no other role at step "${at.step}" fills it. Name "${form.id}.${field}" in the rule's fields`,
        };
      }
    }
  }
  return null;
}

function requiredOf(form: FormDef): string[] {
  const { fields } = formFields(form);
  const req = form.schema?.required;
  return Array.isArray(req) ? req.filter((f: unknown): f is string => typeof f === 'string' && fields.includes(f)) : [];
}

/** Forms a transition needs, at the steps it leaves, must be completable by those who may act there. */
function requiredFieldFillers(ctx: LintContext): PackIssue[] {
  const issues: PackIssue[] = [];
  const { pack } = ctx;
  const arrival = completeOnArrival(ctx);
  const packForms = pack.manifest.forms.map((f) => f.id);
  const anyFiller = new Set(pack.roles.flatMap((r) => formsGrantedTo(r, 'fill', packForms)));
  const seen = new Set<string>();
  const once = (key: string, issue: PackIssue) => {
    if (seen.has(key)) return;
    seen.add(key);
    issues.push(issue);
  };
  pack.workflow.transitions.forEach((t, i) => {
    (t.requiresForms ?? []).forEach((formId, j) => {
      const form = ctx.formById.get(formId);
      // Nobody may fill it anywhere: form_nobody_can_fill says so already.
      if (!form || !anyFiller.has(formId)) return;
      const path = jp('$.transitions', i, 'requiresForms', j);
      for (const step of ctx.fromSteps(t)) {
        if (!ctx.reached.has(step)) continue;
        const complete = arrival.get(step);
        if (complete === null || complete?.has(formId)) continue;
        const situations = situationsAt(ctx, step);
        if (ctx.statusAt(step) === 'closed') {
          once(`${step}|${formId}`, {
            file: 'workflow.json',
            path,
            code: 'form_unfillable_at_step',
            severity: 'error',
            params: { transition: t.id, form: formId, step },
            message: `transition "${t.id}" needs form "${formId}" complete, but it leaves step "${step}", where the case is closed and no form can be filled`,
          });
          continue;
        }
        // A finding only when no case type at the step could get the form completed.
        const results = situations.map((at) => {
          const fillers = fillersOf(pack.roles, form, at, true);
          return { at, fillers, filled: new Set(fillers.flatMap((x) => x.grants.flatMap((g) => g.fields))) };
        });
        const some = results.find((r) => r.fillers.length > 0);
        if (!some) {
          once(`${step}|${formId}`, {
            file: 'workflow.json',
            path,
            code: 'form_unfillable_at_step',
            severity: 'error',
            params: { transition: t.id, form: formId, step },
            message: `transition "${t.id}" needs form "${formId}" complete, but at step "${step}" no role that can open the case may fill it (check the step, status and caseType conditions of the fill and read rules in roles.json)`,
          });
          continue;
        }
        for (const field of requiredOf(form).filter((f) => results.every((r) => !r.filled.has(f)))) {
          const blame = blameExclusion(
            ctx,
            some.fillers.map((x) => x.role),
            form,
            field,
            some.at,
          );
          if (blame) {
            once(`x|${blame.path}|${formId}.${field}`, {
              file: 'roles.json',
              path: blame.path,
              code: 'fill_excludes_required_field',
              severity: 'error',
              message: blame.message,
              params: blame.params,
            });
          } else {
            const who = some.fillers.map((x) => `"${x.role.id}"`).join(', ');
            once(`${step}|${formId}.${field}`, {
              file: 'workflow.json',
              path,
              code: 'required_field_unfillable',
              severity: 'error',
              params: { transition: t.id, form: formId, field, step },
              message: `transition "${t.id}" needs form "${formId}" complete, but its required field "${field}" may not be filled at step "${step}" by any role that may fill the form there (${who}), so the form can never be completed`,
            });
          }
        }
      }
    });
  });
  return issues;
}

/** The start form is filled in one go by the creating user: one creating role must be able to fill every required field. */
function startFormFillers(ctx: LintContext): PackIssue[] {
  const issues: PackIssue[] = [];
  const { pack } = ctx;
  const caseTypeIds = pack.manifest.caseTypes.map((c) => c.id);
  const packForms = pack.manifest.forms.map((f) => f.id);
  pack.manifest.caseTypes.forEach((ct, i) => {
    const form = ctx.formById.get(ct.startForm);
    const step = ctx.stepById.get(ct.startStep);
    if (!form || !step) return;
    const at: StepSituation = { step: step.id, status: ctx.statusAt(step.id), caseType: ct.id };
    const creators = pack.roles.filter((r) => caseTypesCreatableBy(r, caseTypeIds).includes(ct.id));
    // No creator, or none with any fill rule on the form: case_type_nobody_creates / creator_cannot_fill_start_form.
    if (!creators.some((r) => formsGrantedTo(r, 'fill', packForms).includes(form.id))) return;
    const path = jp('$.caseTypes', i, 'startForm');
    const fillers = fillersOf(creators, form, at, false);
    if (fillers.length === 0) {
      issues.push({
        file: 'pack.json',
        path,
        code: 'form_unfillable_at_step',
        severity: 'error',
        params: { caseType: ct.id, form: form.id, step: step.id },
        message: `no role that may create "${ct.id}" cases may fill their start form "${form.id}" at step "${step.id}" (check the step, status and caseType conditions of the fill rules), so no case can be registered`,
      });
      return;
    }
    const required = requiredOf(form);
    const missing = fillers
      .map((x) => ({ role: x.role, missing: required.filter((f) => !x.grants.some((g) => g.fields.includes(f))) }))
      .sort((a, b) => a.missing.length - b.missing.length)[0];
    for (const field of missing.missing) {
      const blame = blameExclusion(ctx, [missing.role], form, field, at);
      if (blame)
        issues.push({
          file: 'roles.json',
          path: blame.path,
          code: 'fill_excludes_required_field',
          severity: 'error',
          message: blame.message,
          params: blame.params,
        });
      else {
        issues.push({
          file: 'pack.json',
          path,
          code: 'required_field_unfillable',
          severity: 'error',
          params: { caseType: ct.id, form: form.id, field, step: step.id },
          message: `start form "${form.id}" requires "${field}", but no role that may create "${ct.id}" cases may fill it, so no case can be registered`,
        });
      }
    }
  });
  return issues;
}
