export * from './pack-issue';
export { parseJsonText, locateJsonError, type JsonParseResult } from './json-text';
export * from './pack-files';
export { packSchemasDir, packValidators, schemaIssues, SCHEMA_KINDS, type SchemaKind } from './schemas';
export * from './validate-pack';
export * from './validate-case-number';
export { templateFileName, DEFAULT_DIGEST, packTemplates, buildNotifications } from './validate-notifications';
export * from './lint-pack';
export * from './load-pack';
export * from './role-rules';
export { checkProvider, checkServices } from './validate-services';
export { locationPaths } from './locations';
export {
  buildReporting,
  checkReporting,
  parseDimension,
  isCodedField,
  indicatorIds,
  PLAIN_DIMENSIONS,
  PERIOD_UNITS,
  type ParsedDimension,
} from './validate-reporting';
export { mergePlugins, locatePluginIssues, type PluginMergeResult } from './apply-plugins';
export { referencedFacts } from './validate-rule-records';
export { checkIntakeQueues, intakeQueueOf } from './validate-intake';
export { markConsentDecisions, CONSENT_DECISION_MARK } from './consent-options';
export { diffPacks, jsonDifferences, CHANGED_AT_PATH, PACK_CHANGE_KINDS } from './pack-diff';
export type * from './pack-diff.types';
export { LINT_CODES, LINT_CODE_PARAMS, type LintCode } from './lint-codes';
