export * from './field-types';
export * from './form-catalogue';
export { walkSchema, fieldPathsOf, fieldSchemaOf, type WalkContext } from './schema-walk';
export { projectFormSchema, fieldAccess, type FieldAccess } from './schema-projection';
export { compileLinear, linearPatternProblem, linearRegExp } from './linear-regexp';
