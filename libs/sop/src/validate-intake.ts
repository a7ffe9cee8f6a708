import type { IntakeQueueDef, SopPack } from '@app/pack-types';
import { jp, PackIssue } from './pack-issue';
import { rulesGranting } from './role-rules';

/** The intake queue a case type sends its new cases to, if any. */
export function intakeQueueOf(assignTo: SopPack['manifest']['caseTypes'][number]['assignTo']): IntakeQueueDef | null {
  return typeof assignTo === 'object' && assignTo !== null ? assignTo.intakeQueue : null;
}

/**
 * pack.json caseTypes[].assignTo.intakeQueue: the team's roles exist, the level is one of
 * locations.json levels; a warning when none of the roles may take a case (it would wait forever).
 */
export function checkIntakeQueues(pack: SopPack): PackIssue[] {
  const issues: PackIssue[] = [];
  const F = 'pack.json';
  pack.manifest.caseTypes.forEach((ct, i) => {
    const queue = intakeQueueOf(ct.assignTo);
    if (!queue) return;
    const base = jp('$.caseTypes', i, 'assignTo', 'intakeQueue');
    const roles = queue.roles.map((id) => pack.roles.find((r) => r.id === id));
    roles.forEach((role, j) => {
      if (!role)
        issues.push({
          file: F,
          path: jp(base, 'roles', j),
          code: 'unknown_role',
          severity: 'error',
          message: `role "${queue.roles[j]}" does not exist in roles.json`,
        });
    });
    if (queue.level !== undefined && !pack.locations.levels.includes(queue.level)) {
      issues.push({
        file: F,
        path: jp(base, 'level'),
        code: 'unknown_level',
        severity: 'error',
        message: `level "${queue.level}" is not one of locations.json levels: ${pack.locations.levels.join(', ')}`,
      });
    }
    const takers = roles.filter((r) => r && rulesGranting(r, 'take', 'case').some((rule) => appliesTo(rule.conditions?.caseType, ct.id)));
    if (roles.every(Boolean) && takers.length === 0) {
      issues.push({
        file: F,
        path: jp(base, 'roles'),
        code: 'intake_queue_untakeable',
        severity: 'warning',
        message: `none of these roles has a "take" rule on case for case type "${ct.id}" in roles.json, so its cases would wait in the queue until someone assigns them`,
      });
    }
  });
  return issues;
}

function appliesTo(caseType: string | string[] | undefined, id: string): boolean {
  return caseType === undefined || (Array.isArray(caseType) ? caseType.includes(id) : caseType === id);
}
