/** A portable JSON Logic rule expression (see docs/rules.md). */
export type RuleExpression = Record<string, unknown> | boolean | string | number | null | unknown[];
