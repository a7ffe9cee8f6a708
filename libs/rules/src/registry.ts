import type { OperatorArgsCheck, OperatorDef, OperatorFn } from './types';

/** Named operators; plugins register more on their own registry instead of growing a switch. */
export class OperatorRegistry {
  private readonly ops = new Map<string, OperatorDef>();

  register(name: string, fn: OperatorFn, options: { lazy?: boolean; literal?: boolean; check?: OperatorArgsCheck } = {}): this {
    const literal = options.literal ?? false;
    this.ops.set(name, { name, fn, lazy: literal || (options.lazy ?? false), literal, ...(options.check ? { check: options.check } : {}) });
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
