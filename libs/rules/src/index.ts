export * from './types';
export * from './registry';
export * from './evaluate';
export { parseRuleDate } from './operators/dates';
export type { RuleLocation } from './operators/domain';
