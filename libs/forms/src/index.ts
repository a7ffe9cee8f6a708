export * from './field-types';
export * from './form-catalogue';
export { walkSchema, fieldPathsOf, fieldSchemaOf, type WalkContext } from './schema-walk';
