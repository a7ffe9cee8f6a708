/** One problem found in an SOP pack, located by file and JSONPath. */
export interface PackIssue {
  /** Normalised pack file name, e.g. `workflow.json` or `forms/care_plan.v1.json`. */
  file: string;
  /** JSONPath inside the file, e.g. `$.transitions[3].to` (`$` for the whole file). */
  path: string;
  /** Plain-language explanation for administrators. */
  message: string;
  /** Stable machine code, e.g. `schema`, `unknown_step`, `unreachable_step`. */
  code: string;
  severity: 'error' | 'warning';
  /**
   * What the message names, for a screen to word the finding in its reader's language: ids of
   * elements (`step`, `form`, `field`, `transition`, `deadline`, `role`, `caseType`, ...), lists of
   * ids joined with ', ' (`roles`, `steps`), and values as the message quotes them.
   */
  params?: IssueParams;
}

export type IssueParams = Record<string, string | number>;

/** Thrown by `readPackDir`/`loadPackDir` when the pack cannot be read or is invalid. */
export class PackInvalidError extends Error {
  constructor(
    readonly issues: PackIssue[],
    message?: string,
  ) {
    super(message ?? `The SOP pack is invalid:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'PackInvalidError';
  }
}

/** `<file> <path>: <message>` (the format the CLI prints). */
export function formatIssue(issue: PackIssue): string {
  return `${issue.file} ${issue.path}: ${issue.message}`;
}

export function hasErrors(issues: PackIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends a key or index to a JSONPath: `$.a` + 3 → `$.a[3]`, + `x-label` → `$.a['x-label']`. */
export function jp(base: string, ...parts: Array<string | number>): string {
  let out = base;
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (IDENT.test(p)) out += `.${p}`;
    else out += `['${p.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
  }
  return out;
}

/** Converts a JSON pointer (`/transitions/3/to`) to a JSONPath (`$.transitions[3].to`). */
export function pointerToJsonPath(pointer: string, base = '$'): string {
  if (!pointer) return base;
  const parts = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
  return jp(base, ...parts);
}
