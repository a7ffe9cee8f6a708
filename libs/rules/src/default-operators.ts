import { OperatorRegistry } from './registry';
import { registerLogicOperators } from './operators/logic';
import { registerArithmeticOperators } from './operators/arithmetic';
import { registerDataOperators } from './operators/data';
import { registerArrayOperators } from './operators/arrays';
import { registerDomainOperators } from './operators/domain';
import { registerCaseRecordOperators } from './operators/case-records';

/** A fresh registry with the JSON Logic operators and the domain operators. */
export function createDefaultOperators(): OperatorRegistry {
  const registry = new OperatorRegistry();
  registerLogicOperators(registry);
  registerArithmeticOperators(registry);
  registerDataOperators(registry);
  registerArrayOperators(registry);
  registerDomainOperators(registry);
  registerCaseRecordOperators(registry);
  return registry;
}

let shared: OperatorRegistry | undefined;
/** Shared default registry used when none is given; treat it as read-only. */
export function defaultOperators(): OperatorRegistry {
  return (shared ??= createDefaultOperators());
}
