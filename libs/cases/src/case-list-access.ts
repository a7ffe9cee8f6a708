import type { CurrentUser } from '@app/identity';
import { Permissions, SqlParams } from '@app/permissions';
import type { PermissionSubject } from '@app/pack-types';
import type { CompiledSop, SopRegistry } from '@app/sop-registry';
import { permissionsFor } from './case-access';
import { CaseCopy, copySources, splitFieldPath } from './case-view';
import { overdueDeadlineSql, overdueVisibleSql } from './deadline-visibility';
import type { CasePredicate } from './repositories/cases.repository';

/** One version's SQL (cases aliased `c`), written with the user's permissions under that version. */
type VersionSql = (sop: CompiledSop, perms: Permissions, p: SqlParams) => string;

/**
 * One SQL predicate over cases from a per-version one. Each case runs on the SOP version it was
 * registered under, so each version's rules apply to its own cases; versions whose rules give the
 * same SQL share one branch (usually all of them).
 */
async function perVersion(versions: CompiledSop[], user: CurrentUser, now: Date, prefix: string, build: VersionSql): Promise<CasePredicate> {
  const groups = new Map<string, CompiledSop[]>();
  for (const sop of versions) {
    const probe = new SqlParams(now, 'x');
    const sql = build(sop, permissionsFor(sop, user), probe);
    const key = JSON.stringify([sql, probe.values]);
    groups.set(key, [...(groups.get(key) ?? []), sop]);
  }
  const params = new SqlParams(now, prefix);
  const branches: string[] = [];
  for (const group of groups.values()) {
    const ids = group.map((sop) => sop.versionId);
    const sql = build(group[0], permissionsFor(group[0], user), params);
    if (sql === 'FALSE') continue;
    branches.push(groups.size === 1 ? sql : `(c.sop_version_id = ANY(${params.add(ids)}::int[]) AND ${sql})`);
  }
  return { sql: branches.length ? `(${branches.join(' OR ')})` : 'FALSE', params: params.values };
}

/** Every published version of the current pack, compiled (cached): what the predicates below are built from. */
export function compiledVersions(registry: SopRegistry): Promise<CompiledSop[]> {
  return registry.currentVersions();
}

/**
 * The user's rules for `action` on `subject` (optionally one form field), as one SQL predicate over
 * cases. `versions`: from `compiledVersions`, when a request builds several predicates.
 */
export async function casePredicate(
  registry: SopRegistry,
  user: CurrentUser,
  now: Date,
  action: string,
  subject: PermissionSubject,
  opts: { prefix: string; field?: { formId: string; field: string }; versions?: CompiledSop[] },
): Promise<CasePredicate> {
  const versions = opts.versions ?? (await compiledVersions(registry));
  return perVersion(versions, user, now, opts.prefix, (_sop, perms, p) => perms.sql(action, subject, p, opts.field));
}

/**
 * Cases on which the user may read the answers a copy on the case row comes from (the risk level,
 * every part of the child's name): the SQL twin of `derivedVisibility`. A list filter or search on
 * a copy adds it, so a case whose value the user may not read is never matched, counted or ordered
 * by that value: for this user the value is unknown. Per case type, since each names its own
 * source fields (a type without one never matches).
 */
export function copyReadablePredicate(versions: CompiledSop[], user: CurrentUser, now: Date, copy: CaseCopy, prefix: string): Promise<CasePredicate> {
  return perVersion(versions, user, now, prefix, (sop, perms, p) => {
    const branches: string[] = [];
    for (const type of sop.pack.manifest.caseTypes) {
      const sources = copySources(type, copy);
      if (sources.length === 0) continue;
      const parts = sources.map((path) => perms.sql('read', 'form', p, splitFieldPath(path)));
      if (parts.includes('FALSE')) continue;
      branches.push(`(c.case_type = ${p.add(type.id)} AND ${parts.join(' AND ')})`);
    }
    return branches.length ? `(${branches.join(' OR ')})` : 'FALSE';
  });
}

/** Cases with an open deadline past due that the user may see (deadline-visibility.ts): the `overdue` filter. */
export function overduePredicate(versions: CompiledSop[], user: CurrentUser, now: Date, prefix: string): Promise<CasePredicate> {
  return perVersion(versions, user, now, prefix, (sop, perms, p) => overdueVisibleSql(sop, perms, p, p.nowParam()));
}

/** Deadline rows `d` (of cases `c`) open, past due and visible to the user: what a team's workload counts per worker. */
export function overdueDeadlinePredicate(versions: CompiledSop[], user: CurrentUser, now: Date, prefix: string): Promise<CasePredicate> {
  return perVersion(versions, user, now, prefix, (sop, perms, p) => overdueDeadlineSql(sop, perms, p, p.nowParam()));
}
