/**
 * What the lint checks share about a valid pack: the workflow graph (which steps cases can reach, and
 * with which case types), and what each role may do at a step judged from its rules' conditions.
 * Conditions on the user (team, agency, location, createdBy, sharedWith, breakGlass) are assumed to
 * be satisfiable: only step, status and case type are judged, so a finding is never a guess about
 * who the users will be.
 */
import type { CaseConditions, CaseStatus, FormDef, PermissionRuleDef, RoleDef, SopPack, StepDef, TransitionDef } from '@app/pack-types';
import type { PackIssue } from './pack-issue';
import { asList, expandFieldPatterns, rulesGranting } from './role-rules';

/** `to` value returning to the step before the current one (same as validate-pack's PREVIOUS_STEP). */
const PREVIOUS = '@previous';

export interface LintContext {
  pack: SopPack;
  stepById: Map<string, StepDef>;
  /** The steps a transition leaves (`*` = every normal step). */
  fromSteps(t: TransitionDef): string[];
  /** Transitions leaving each step. */
  outgoing: Map<string, TransitionDef[]>;
  /** Steps reachable from a case type's start step. */
  reached: Set<string>;
  /** Case types whose cases can be at each reachable step. */
  typesAt: Map<string, Set<string>>;
  /** Case status while at a step: normal → open, paused → paused, terminal → closed. */
  statusAt(stepId: string): CaseStatus;
  formById: Map<string, FormDef>;
}

/** A family of lint checks: a pure function of the pack returning findings. */
export type LintCheck = (ctx: LintContext) => PackIssue[];

export function statusOfKind(kind: StepDef['kind'] | undefined): CaseStatus {
  return kind === 'terminal' ? 'closed' : kind === 'paused' ? 'paused' : 'open';
}

export function lintContext(pack: SopPack): LintContext {
  const { workflow, manifest } = pack;
  const stepById = new Map(workflow.steps.map((s) => [s.id, s]));
  const normalSteps = workflow.steps.filter((s) => s.kind === 'normal').map((s) => s.id);
  const fromSteps = (t: TransitionDef): string[] => (t.from === '*' ? normalSteps : t.from);
  const outgoing = new Map<string, TransitionDef[]>(workflow.steps.map((s) => [s.id, []]));
  for (const t of workflow.transitions) for (const s of fromSteps(t)) outgoing.get(s)?.push(t);

  const typesAt = new Map<string, Set<string>>();
  for (const ct of manifest.caseTypes) {
    const queue = [ct.startStep];
    while (queue.length) {
      const s = queue.shift()!;
      if (!stepById.has(s)) continue;
      const types = typesAt.get(s) ?? new Set<string>();
      if (types.has(ct.id)) continue;
      types.add(ct.id);
      typesAt.set(s, types);
      for (const t of outgoing.get(s) ?? []) if (t.to !== PREVIOUS) queue.push(t.to);
    }
  }
  return {
    pack,
    stepById,
    fromSteps,
    outgoing,
    reached: new Set(typesAt.keys()),
    typesAt,
    statusAt: (id) => statusOfKind(stepById.get(id)?.kind),
    formById: new Map(pack.forms.map((f) => [f.id, f])),
  };
}

/** Could a rule's conditions hold on a case of this type at this step (user conditions assumed to hold)? */
export function conditionsMayHold(c: CaseConditions | undefined, at: { step: string; status: CaseStatus; caseType: string }): boolean {
  if (!c) return true;
  if (c.step !== undefined && !asList(c.step).includes(at.step)) return false;
  if (c.status !== undefined && !asList(c.status).includes(at.status)) return false;
  if (c.caseType !== undefined && !asList(c.caseType).includes(at.caseType)) return false;
  return true;
}

export interface StepSituation {
  step: string;
  status: CaseStatus;
  caseType: string;
}

/** Every (case type, status) a case can have at a reachable step. */
export function situationsAt(ctx: LintContext, step: string): StepSituation[] {
  return [...(ctx.typesAt.get(step) ?? [])].map((caseType) => ({ step, status: ctx.statusAt(step), caseType }));
}

/** May some user of this role open (read) the case in this situation? */
export function roleMayRead(role: RoleDef, at: StepSituation): boolean {
  return rulesGranting(role, 'read', 'case').some((r) => conditionsMayHold(r.conditions, at));
}

/** Top-level fields of a form and the sensitive ones (as the permissions library sees them). */
export function formFields(form: FormDef): { fields: string[]; sensitive: Set<string> } {
  const props: Record<string, any> = form.schema?.properties ?? {};
  const fields = Object.keys(props);
  return { fields, sensitive: new Set(fields.filter((f) => props[f]?.['x-sensitive'] === true)) };
}

/** The fill rules of a role that may apply in this situation, with the fields of `form` each grants. */
export function fillGrants(role: RoleDef, form: FormDef, at: StepSituation): Array<{ rule: PermissionRuleDef; index: number; fields: string[] }> {
  const { fields, sensitive } = formFields(form);
  const out: Array<{ rule: PermissionRuleDef; index: number; fields: string[] }> = [];
  role.rules.forEach((rule, index) => {
    if (rule.subject !== 'form' || !asList(rule.action).includes('fill')) return;
    if (!conditionsMayHold(rule.conditions, at)) return;
    out.push({ rule, index, fields: expandFieldPatterns(rule.fields ?? [], form.id, fields, sensitive) });
  });
  return out;
}
