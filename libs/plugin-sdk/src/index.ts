/**
 * The plugin SDK: the only module a plugin imports. See docs/plugins.md.
 */
export * from './manifest';
export * from './context';
export * from './channel';
export * from './screens';
export { satisfiesRange } from './version-range';
export type {
  FormDef,
  PackFragment,
  PluginTemplateDef,
  IndicatorDef,
  Translated,
  StepDef,
  TransitionDef,
  RoleDef,
  DeadlineDef,
  CaseTypeDef,
} from '@app/pack-types';
export type { EffectHandler, EffectContext, EffectResult } from '@app/workflow';
export type { OperatorFn } from '@app/rules';
