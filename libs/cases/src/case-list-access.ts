import type { CurrentUser } from '@app/identity';
import { SqlParams } from '@app/permissions';
import type { PermissionSubject } from '@app/pack-types';
import type { SopRegistry } from '@app/sop-registry';
import { permissionsFor } from './case-access';
import type { CasePredicate } from './repositories/cases.repository';

/**
 * The user's rules for `action` on `subject`, as one SQL predicate over cases. Each case runs on
 * the SOP version it was registered under, so each version's rules apply to its own cases;
 * versions whose rules give the same SQL share one branch (usually all of them).
 */
export async function casePredicate(
  registry: SopRegistry, user: CurrentUser, now: Date, action: string, subject: PermissionSubject,
  opts: { prefix: string; field?: { formId: string; field: string } },
): Promise<CasePredicate> {
  const versions = await registry.listVersions();
  const groups = new Map<string, number[]>();
  for (const v of versions) {
    const probe = new SqlParams(now, 'x');
    const sql = permissionsFor(await registry.get(v.id), user).sql(action, subject, probe, opts.field);
    const key = JSON.stringify([sql, probe.values]);
    groups.set(key, [...(groups.get(key) ?? []), v.id]);
  }
  const params = new SqlParams(now, opts.prefix);
  const branches: string[] = [];
  for (const ids of groups.values()) {
    const sql = permissionsFor(await registry.get(ids[0]), user).sql(action, subject, params, opts.field);
    if (sql === 'FALSE') continue;
    branches.push(groups.size === 1 ? sql : `(c.sop_version_id = ANY(${params.add(ids)}::int[]) AND ${sql})`);
  }
  return { sql: branches.length ? `(${branches.join(' OR ')})` : 'FALSE', params: params.values };
}
