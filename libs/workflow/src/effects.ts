import { defaultOperators, evaluateRule, OperatorRegistry } from '@app/rules';
import type { EffectDef, SopPack, TransitionDef } from '@app/pack-types';
import { DomainError, registerErrorCodes } from '@app/core';
import type { CaseSnapshot, RuleData } from './engine.types';

// A pack using an unknown or misconfigured effect is a configuration bug the linter should catch.
registerErrorCodes({
  unknown_effect: { status: 500, title: 'Unknown workflow effect in the SOP configuration' },
  invalid_effect: { status: 500, title: 'Invalid workflow effect in the SOP configuration' },
});

export interface EffectContext {
  pack: SopPack;
  snapshot: CaseSnapshot;
  ruleData: RuleData;
  transition: TransitionDef;
  effect: EffectDef;
  now: Date;
  operators: OperatorRegistry;
}

export interface EffectResult {
  fieldChanges?: Record<string, unknown>;
  emits?: Array<{ type: string; data: Record<string, unknown> }>;
}

export type EffectHandler = (ctx: EffectContext) => EffectResult;

/** Transition effects by type; plugins register theirs, the core keeps no switch. */
export class EffectRegistry {
  private readonly handlers = new Map<string, EffectHandler>();

  register(type: string, handler: EffectHandler): this {
    this.handlers.set(type, handler);
    return this;
  }
  has(type: string): boolean {
    return this.handlers.has(type);
  }
  get(type: string): EffectHandler | undefined {
    return this.handlers.get(type);
  }
  types(): string[] {
    return [...this.handlers.keys()].sort();
  }
}

/** For the SOP linter: effect types a pack may use. */
export function knownEffectTypes(registry: EffectRegistry = defaultEffects()): string[] {
  return registry.types();
}

function requireString(ctx: EffectContext, option: string): string {
  const value = ctx.effect[option];
  if (typeof value !== 'string' || !value) {
    throw new DomainError('invalid_effect', `Effect ${ctx.effect.type} of transition ${ctx.transition.id} needs a "${option}" string`);
  }
  return value;
}

/** set_case_field, clear_case_field, emit_event. */
export function defaultEffects(): EffectRegistry {
  return (
    new EffectRegistry()
      // `value` is a rule expression; a plain literal evaluates to itself.
      .register('set_case_field', (ctx) => ({
        fieldChanges: { [requireString(ctx, 'field')]: evaluateRule(ctx.effect.value ?? null, ctx.ruleData, ctx.operators) ?? null },
      }))
      .register('clear_case_field', (ctx) => ({ fieldChanges: { [requireString(ctx, 'field')]: null } }))
      // Each value of `data` is a rule expression too, so events can carry answers.
      .register('emit_event', (ctx) => {
        const type = requireString(ctx, 'event');
        const raw = (ctx.effect.data ?? {}) as Record<string, unknown>;
        const data: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(raw)) data[key] = evaluateRule(value, ctx.ruleData, ctx.operators);
        return { emits: [{ type, data }] };
      })
  );
}

/** Runs a transition's effects in order; later field changes win. Unknown type → error. */
export function runEffects(
  base: Omit<EffectContext, 'effect' | 'operators'> & { operators?: OperatorRegistry },
  registry: EffectRegistry,
): Required<EffectResult> {
  const fieldChanges: Record<string, unknown> = {};
  const emits: Array<{ type: string; data: Record<string, unknown> }> = [];
  for (const effect of base.transition.effects ?? []) {
    const handler = registry.get(effect.type);
    if (!handler) {
      throw new DomainError('unknown_effect', `Unknown effect type "${effect.type}" in transition ${base.transition.id}`);
    }
    const result = handler({ ...base, effect, operators: base.operators ?? defaultOperators() });
    Object.assign(fieldChanges, result.fieldChanges ?? {});
    emits.push(...(result.emits ?? []));
  }
  return { fieldChanges, emits };
}
