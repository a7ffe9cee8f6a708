export * from './field-types';
export * from './form-catalogue';
export * from './form-conditions';
export { walkSchema, fieldPathsOf, fieldSchemaOf, type WalkContext } from './schema-walk';
export { projectFormSchema, fieldAccess, type FieldAccess } from './schema-projection';
export { compileLinear, linearPatternProblem, linearRegExp } from './linear-regexp';
export { LOCATIONS_OPTION_LIST, LOCATION_LEVELS_KEYWORD, locationOptions, isKnownOptionList, optionListValues, fieldOptions, offersPlaces, type OptionSources } from './location-options';
