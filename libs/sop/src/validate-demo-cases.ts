/**
 * demo-cases.json beyond its schema: every name it uses exists, each case's path through the
 * workflow is possible step by step, and each actor may do what it is asked to. What only the
 * engine can tell (answers against the full form schema, guards, data quality) is checked when the
 * demo seeds the cases, with the same file and JSON path (apps/api demo-cases.seeder.ts).
 */
import type { DemoCaseDef, SopPack } from '@app/pack-types';
import { jp, type PackIssue } from './pack-issue';
import { caseTypesCreatableBy } from './role-rules';

const F = 'demo-cases.json';

export function checkDemoCases(pack: SopPack): PackIssue[] {
  const issues: PackIssue[] = [];
  const err = (path: string, code: string, message: string) => issues.push({ file: F, path, code, message, severity: 'error' });
  const users = new Map(pack.demoUsers.map((u) => [u.username, u]));
  const seen = new Set<string>();
  const caseTypeIds = pack.manifest.caseTypes.map((c) => c.id);

  /** The demo user, or an error naming what exists. */
  const user = (path: string, username: string) => {
    const u = users.get(username);
    if (!u)
      err(
        path,
        'unknown_demo_user',
        `"${username}" is not a user of demo-users.json${users.size ? ` (users: ${[...users.keys()].join(', ')})` : ' (the pack has no demo users)'}`,
      );
    return u;
  };
  const fields = (path: string, formId: string, answers: Record<string, unknown>) => {
    const form = pack.forms.find((f) => f.id === formId);
    if (!form) return err(path, 'unknown_form', `form "${formId}" is not listed in pack.json forms`);
    const known = Object.keys((form.schema as any)?.properties ?? {});
    for (const name of Object.keys(answers)) {
      if (!known.includes(name)) err(jp(path, 'answers', name), 'unknown_field', `form "${formId}" has no field "${name}"`);
    }
  };

  (pack.demoCases ?? []).forEach((c: DemoCaseDef, i) => {
    const base = jp('$.cases', i);
    if (seen.has(c.id)) err(jp(base, 'id'), 'duplicate_id', `demo case "${c.id}" is declared twice`);
    seen.add(c.id);
    const type = pack.manifest.caseTypes.find((t) => t.id === c.caseType);
    const registrar = user(jp(base, 'by'), c.by);
    if (!type)
      return err(jp(base, 'caseType'), 'unknown_case_type', `case type "${c.caseType}" does not exist in pack.json (case types: ${caseTypeIds.join(', ')})`);
    if (
      registrar &&
      !registrar.roles.some((r) => {
        const role = pack.roles.find((x) => x.id === r);
        return role && caseTypesCreatableBy(role, caseTypeIds).includes(type.id);
      })
    ) {
      err(jp(base, 'by'), 'demo_user_cannot_register', `demo user "${c.by}" has no role that may register "${type.id}" cases`);
    }
    fields(base, type.startForm, c.answers);

    // Walk the workflow as the engine would, so a demo case cannot ask for an impossible move.
    const history = [type.startStep];
    (c.then ?? []).forEach((s, j) => {
      const path = jp(base, 'then', j);
      const actor = user(jp(path, 'by'), s.by ?? c.by);
      if ('form' in s) return fields(path, s.form, s.answers);
      const t = pack.workflow.transitions.find((x) => x.id === s.transition);
      if (!t) return err(jp(path, 'transition'), 'unknown_transition', `transition "${s.transition}" does not exist in workflow.json`);
      const at = history[history.length - 1];
      const step = pack.workflow.steps.find((x) => x.id === at);
      const from = t.from === '*' ? step?.kind === 'normal' : t.from.includes(at);
      if (!from) err(jp(path, 'transition'), 'transition_not_from_step', `transition "${t.id}" does not leave step "${at}", where the case is by then`);
      if (actor && !actor.roles.some((r) => t.roles.includes(r))) {
        err(
          jp(path, 'by'),
          'demo_user_cannot_transition',
          `demo user "${actor.username}" has none of the roles of transition "${t.id}" (${t.roles.join(', ')})`,
        );
      }
      if (t.approval)
        err(jp(path, 'transition'), 'demo_transition_needs_approval', `transition "${t.id}" waits for an approval; demo cases perform transitions without one`);
      if (t.to === '@previous') history.pop();
      else history.push(t.to);
      if (history.length === 0) history.push(type.startStep);
    });
  });
  return issues;
}
