import { DomainError, registerErrorCodes } from '@app/core';

/** A portable JSON Logic rule expression (see docs/rules.md). */
export type RuleExpression = Record<string, unknown> | boolean | string | number | null | unknown[];

registerErrorCodes({
  rule_error: { status: 500, title: 'Invalid rule in the SOP configuration' },
});

/** Thrown when a rule cannot be evaluated (unknown operator, failing operator). */
export class RuleError extends DomainError {
  constructor(
    message: string,
    /** JSON path of the failing operation, e.g. `$.and[1].foo`. */
    readonly path: string,
  ) {
    super('rule_error', message, { path });
    this.name = 'RuleError';
  }
}

/** A static problem found by `checkRule`. */
export interface RuleProblem {
  /** `unknown_operator`, or `bad_arguments` when an operator's own check refuses what it was given. */
  code: 'unknown_operator' | 'bad_arguments';
  /** JSON path of the offending operation, e.g. `$.and[1].foo`. */
  path: string;
  operator: string;
  message: string;
}

export interface OperatorContext {
  /** Data the current operation is evaluated against (each item inside map/filter/...). */
  data: unknown;
  /** The rule data the whole rule is evaluated against (the same inside map/filter/...). */
  root: unknown;
  /** JSON path of the current operation (for error messages). */
  path: string;
  /** Evaluates raw argument `index` (lazy operators), against `data` or another scope. */
  arg(index: number, data?: unknown): unknown;
}

/**
 * Eager operators receive evaluated arguments; lazy ones (if, and, or, map, ...) receive the raw
 * argument expressions and evaluate them with `ctx.arg` when (and against what) they need.
 */
export type OperatorFn = (args: unknown[], ctx: OperatorContext) => unknown;

/**
 * A static check of an operator's raw arguments (no data): what is wrong with them, as messages.
 * `checkRule` (hence the pack validator) reports each at the operation's path.
 */
export type OperatorArgsCheck = (rawArgs: unknown[]) => string[];

export interface OperatorDef {
  name: string;
  fn: OperatorFn;
  lazy: boolean;
  /**
   * The arguments are data written as they are, never evaluated (e.g. the filter object of
   * `has_referral`, whose one key would otherwise read as an operator): the operator gets them
   * raw, and `checkRule` does not look for operators inside them.
   */
  literal: boolean;
  check?: OperatorArgsCheck;
}
