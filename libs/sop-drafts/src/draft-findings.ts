import type { PackIssue } from '@app/sop';
import { findingPointer } from './json-pointer';

/**
 * A validation or lint finding of a draft, located twice: by file and JSONPath (as `cmis sop lint`
 * prints it) and by the JSON pointer an edit would use, so a screen can show it on that element.
 */
export interface DraftFinding {
  file: string;
  path: string;
  pointer: string;
  code: string;
  severity: 'error' | 'warning';
  message: string;
  /** What the message names (ids, values), for a screen to word it in its reader's language; absent on findings saved before they had it. */
  params?: Record<string, string | number>;
}

export function toFindings(issues: readonly PackIssue[]): DraftFinding[] {
  return issues.map((i) => ({
    file: i.file,
    path: i.path,
    pointer: findingPointer(i.file, i.path),
    code: i.code,
    severity: i.severity,
    message: i.message,
    params: i.params ?? {},
  }));
}

export function countFindings(findings: readonly DraftFinding[]): { errors: number; warnings: number } {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { errors, warnings: findings.length - errors };
}
