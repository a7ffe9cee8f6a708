import type { OperatorDef, OperatorFn } from './types';
import { registerLogicOperators } from './operators/logic';
import { registerArithmeticOperators } from './operators/arithmetic';
import { registerDataOperators } from './operators/data';
import { registerArrayOperators } from './operators/arrays';
import { registerDomainOperators } from './operators/domain';

/** Named operators; plugins register more on their own registry instead of growing a switch. */
export class OperatorRegistry {
  private readonly ops = new Map<string, OperatorDef>();

  register(name: string, fn: OperatorFn, options: { lazy?: boolean } = {}): this {
    this.ops.set(name, { name, fn, lazy: options.lazy ?? false });
    return this;
  }

  has(name: string): boolean {
    return this.ops.has(name);
  }

  get(name: string): OperatorDef | undefined {
    return this.ops.get(name);
  }

  names(): string[] {
    return [...this.ops.keys()].sort();
  }
}

/** A fresh registry with the JSON Logic operators and the domain operators. */
export function createDefaultOperators(): OperatorRegistry {
  const registry = new OperatorRegistry();
  registerLogicOperators(registry);
  registerArithmeticOperators(registry);
  registerDataOperators(registry);
  registerArrayOperators(registry);
  registerDomainOperators(registry);
  return registry;
}

let shared: OperatorRegistry | undefined;
/** Shared default registry used when none is given; treat it as read-only. */
export function defaultOperators(): OperatorRegistry {
  return (shared ??= createDefaultOperators());
}
