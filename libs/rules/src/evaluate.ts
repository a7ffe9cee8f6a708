import { DomainError } from '@app/core';
import { OperatorRegistry } from './registry';
import { defaultOperators } from './default-operators';
import { OperatorContext, RuleError, RuleExpression, RuleProblem } from './types';
import { truthy } from './truthy';

export { truthy };

/** An operation is a plain object with exactly one key; any other value is a literal. */
export function isOperation(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && Object.keys(value).length === 1;
}

export function evaluateRule(rule: RuleExpression | unknown, data: unknown, registry: OperatorRegistry = defaultOperators()): unknown {
  return evalAt(rule, data, data, '$', registry);
}

/** Evaluates a rule and applies JSON Logic truthiness (guards, conditions). */
export function ruleHolds(rule: RuleExpression | unknown, data: unknown, registry?: OperatorRegistry): boolean {
  return truthy(evaluateRule(rule, data, registry));
}

function evalAt(rule: unknown, data: unknown, root: unknown, path: string, registry: OperatorRegistry): unknown {
  if (Array.isArray(rule)) return rule.map((item, i) => evalAt(item, data, root, `${path}[${i}]`, registry));
  if (!isOperation(rule)) return rule;
  const name = Object.keys(rule)[0];
  const raw = rule[name];
  const opPath = `${path}.${name}`;
  const def = registry.get(name);
  if (!def) throw new RuleError(`Unknown rule operator "${name}" at ${opPath}`, opPath);
  const rawArgs = Array.isArray(raw) ? raw : [raw];
  const argPath = (i: number) => (Array.isArray(raw) ? `${opPath}[${i}]` : opPath);
  const ctx: OperatorContext = {
    data,
    root,
    path: opPath,
    arg: (i, scope = data) => evalAt(rawArgs[i], scope, root, argPath(i), registry),
  };
  const args = def.lazy ? rawArgs : rawArgs.map((a, i) => evalAt(a, data, root, argPath(i), registry));
  try {
    return def.fn(args, ctx);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new RuleError(`Operator "${name}" failed at ${opPath}: ${(err as Error)?.message ?? err}`, opPath);
  }
}

/** Static check (no data): every operator used must be registered, with arguments its own check accepts. Used by the SOP validator. */
export function checkRule(rule: RuleExpression | unknown, registry: OperatorRegistry = defaultOperators()): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}[${i}]`));
    if (!isOperation(node)) return;
    const name = Object.keys(node)[0];
    const opPath = `${path}.${name}`;
    const def = registry.get(name);
    if (!def) {
      problems.push({ code: 'unknown_operator', path: opPath, operator: name, message: `Unknown rule operator "${name}" at ${opPath}` });
    }
    const raw = node[name];
    for (const message of def?.check?.(Array.isArray(raw) ? raw : [raw]) ?? []) {
      problems.push({ code: 'bad_arguments', path: opPath, operator: name, message: `"${name}" at ${opPath}: ${message}` });
    }
    if (def?.literal) return;
    if (Array.isArray(raw)) raw.forEach((a, i) => walk(a, `${opPath}[${i}]`));
    else walk(raw, opPath);
  };
  walk(rule, '$');
  return problems;
}
