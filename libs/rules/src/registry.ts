import type { OperatorDef, OperatorFn } from './types';

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
