export * from './pack.types';
export * from './pack-issue';
export { parseJsonText, locateJsonError, type JsonParseResult } from './json-text';
export * from './pack-files';
export { packSchemasDir, packValidators, schemaIssues, SCHEMA_KINDS, type SchemaKind } from './schemas';
export * from './validate-pack';
export * from './lint-pack';
export * from './load-pack';
export * from './role-rules';
