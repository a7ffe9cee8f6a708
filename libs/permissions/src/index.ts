export { Permissions, type AppAbility, type FormFieldSource, type GrantingRule } from './policy';
export { CONDITION_KINDS, SqlParams, describeConditions, type CaseFacts, type PolicyUser, type ConditionKind } from './conditions';
export { explain, type Explanation, type ExplainQuery } from './explain';
