import type { Permissions, SqlParams } from '@app/permissions';
import type { DeadlineDef, SopPack } from '@app/pack-types';
import type { CompiledSop } from '@app/sop-registry';
import type { CaseAccess } from './case-access';
import { formFieldSource } from './case-access';
import { copySources, splitFieldPath } from './case-view';

/**
 * A deadline says something about the answers its rules read: `initial_response` exists only once a
 * risk level is set and is due in 48 hours when it is high, a review deadline falls on the date the
 * care plan names. So a deadline (its row, its timeline events, whether it makes the case overdue) is
 * shown to a reader only where that reader may read every answer its `when`, its `due` conditions and
 * a `date_answer` anchor read; what every reader of a case sees anyway (step, status, type, dates,
 * which forms were submitted) does not count.
 */

/** `form.field` answers a deadline reads on a case of `caseType`; 'all' when a rule reads data it cannot name. */
export function deadlineSources(pack: SopPack, def: DeadlineDef, caseType: string): string[] | 'all' {
  const out = new Set<string>();
  let opaque = false;
  const type = pack.manifest.caseTypes.find((t) => t.id === caseType);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [op, arg] of Object.entries(node)) {
      if (op !== 'var') {
        visit(arg);
        continue;
      }
      const path = Array.isArray(arg) ? arg[0] : arg;
      if (typeof path !== 'string') {
        opaque = true;
        visit(arg);
        continue;
      }
      const parts = path.split('.');
      const answers = parts[0] === 'forms' || parts[0] === 'formEntries';
      if (path === '' || (answers && !parts[1])) opaque = true;
      else if (parts[0] === 'case' && (parts.length === 1 || parts[1] === 'risk')) copySources(type, 'risk').forEach((p) => out.add(p));
      else if (answers) {
        // forms.<form>.<field>, formEntries.<form>.<n>.<field>; a whole form or entry list: every field of it.
        const field = parts[0] === 'forms' ? parts[2] : parts.slice(2).find((x) => !/^\d+$/.test(x));
        out.add(`${parts[1]}.${field ?? '*'}`);
      }
    }
  };
  visit(def.when ?? null);
  for (const d of def.due) visit(d.when ?? null);
  if (def.anchor.event === 'date_answer') out.add(`${def.anchor.form}.${def.anchor.field}`);
  return opaque ? 'all' : [...out];
}

/** The `{ formId, field }` pairs `sources` stand for in one SOP version (`form.*`: every field of the form). */
function expand(sop: CompiledSop, sources: string[] | 'all'): Array<{ formId: string; field: string }> {
  const fields = formFieldSource(sop);
  const every = (formId: string) => fields.fields(formId).map((field) => ({ formId, field }));
  if (sources === 'all') return fields.formIds().flatMap(every);
  return sources.flatMap((s) => (s.endsWith('.*') ? every(s.slice(0, -2)) : [splitFieldPath(s)]));
}

/** Which deadlines (by definition id) of this case the reader may see; unknown definitions: none. */
export function deadlineVisible(access: Pick<CaseAccess, 'sop' | 'perms' | 'facts'>): (definitionId: string) => boolean {
  const memo = new Map<string, boolean>();
  return (id) => {
    let seen = memo.get(id);
    if (seen === undefined) {
      const def = access.sop.pack.deadlines.find((d) => d.id === id);
      seen =
        !!def &&
        expand(access.sop, deadlineSources(access.sop.pack, def, access.facts.caseType)).every(({ formId, field }) =>
          access.perms.canField('read', formId, field, access.facts),
        );
      memo.set(id, seen);
    }
    return seen;
  };
}

/**
 * SQL (cases aliased `c`, one SOP version) for "an open deadline of the case is overdue that the user
 * may see": the `overdue` list filter. `now` is a parameter name (`:now`).
 */
export function overdueVisibleSql(sop: CompiledSop, perms: Permissions, p: SqlParams, now: string): string {
  const visible = overdueDeadlineSql(sop, perms, p, now);
  return visible === 'FALSE' ? 'FALSE' : `EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = c.id AND ${visible})`;
}

/** The same over one deadline row `d` of case `c`: open, past due, and one the user may see (a team's workload counts them). */
export function overdueDeadlineSql(sop: CompiledSop, perms: Permissions, p: SqlParams, now: string): string {
  const branches: string[] = [];
  for (const type of sop.pack.manifest.caseTypes) {
    const free: string[] = [];
    const guarded: string[] = [];
    for (const def of sop.pack.deadlines) {
      if (def.caseTypes && !def.caseTypes.includes(type.id)) continue;
      const needs = expand(sop, deadlineSources(sop.pack, def, type.id));
      if (needs.length === 0) {
        free.push(def.id);
        continue;
      }
      const parts = needs.map((n) => perms.sql('read', 'form', p, n));
      if (parts.includes('FALSE')) continue;
      guarded.push(`(d.definition_id = ${p.add(def.id)} AND ${parts.join(' AND ')})`);
    }
    const defs = [...(free.length ? [`d.definition_id = ANY(${p.add(free)}::text[])`] : []), ...guarded];
    if (defs.length) branches.push(`(c.case_type = ${p.add(type.id)} AND (${defs.join(' OR ')}))`);
  }
  if (branches.length === 0) return 'FALSE';
  return `(d.status = 'open' AND d.due_at < ${now} AND (${branches.join(' OR ')}))`;
}
