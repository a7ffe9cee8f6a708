/**
 * The registry of lint check families run after lintPack's own checks. Each family is a pure function
 * of the pack (through a shared LintContext) in a file of its own; add a family here.
 */
import type { SopPack } from '@app/pack-types';
import type { PackIssue } from './pack-issue';
import { lintContext, type LintCheck } from './lint-context';
import { lintRuleReferences } from './lint-rule-refs';
import { lintContradictions } from './lint-contradictions';
import { lintAccess } from './lint-access';
import { lintReportFilters } from './lint-report-filters';
import { lintConditions } from './lint-conditions';

export const LINT_CHECKS: ReadonlyArray<LintCheck> = [
  lintRuleReferences, // guards and conditions naming forms, fields, options, steps that do not exist
  lintContradictions, // conjunctions that can never be true
  lintAccess, // transitions, approvals and required fields nobody able to act at the step can do
  lintReportFilters, // indicator filters on values that cannot occur
  lintConditions, // conditional questions naming questions or values their form does not have
];

export function runLintChecks(pack: SopPack): PackIssue[] {
  const ctx = lintContext(pack);
  return LINT_CHECKS.flatMap((check) => check(ctx));
}
