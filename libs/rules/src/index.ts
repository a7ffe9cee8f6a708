export * from './types';
export * from './registry';
export * from './default-operators';
export * from './evaluate';
export { parseRuleDate } from './operators/dates';
export { lessThan } from './operators/logic';
export type { RuleLocation } from './operators/domain';
export { parseFactName, referralFilterOf, type ReferralFilter } from './operators/case-records';
