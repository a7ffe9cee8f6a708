/**
 * Every code the linter gives a finding, with the params it carries (see PackIssue.params): what a
 * screen words in each language. A new lint code goes here, and in the studio's texts
 * (apps/web/src/locales/studio-findings-*.json), which a test keeps in step with this list.
 */
export const LINT_CODE_PARAMS = {
  unreachable_step: ['step'],
  dead_end_step: ['step'],
  paused_no_resume: ['step'],
  start_step_kind: ['step', 'caseType', 'kind'],
  transition_unperformable: ['transition'],
  self_approval: ['transition'],
  previous_from_unpaused: ['transition'],
  unused_form: ['form'],
  form_nobody_can_fill: ['form'],
  unused_option_list: ['optionList'],
  deadline_no_recipient: ['deadline'],
  deadline_anchor_unreachable: ['deadline', 'step'],
  deadline_close_unreachable: ['deadline'],
  deadline_never_met: ['deadline'],
  role_does_nothing: ['role'],
  creator_cannot_fill_start_form: ['role', 'caseType', 'form'],
  case_type_nobody_creates: ['caseType'],
  unused_template: ['template'],
  missing_translation: ['languages'],
  transition_performers_cannot_read: ['transition', 'roles', 'steps'],
  approval_approvers_cannot_read: ['transition', 'roles', 'steps'],
  form_unfillable_at_step: ['form', 'step'],
  fill_excludes_required_field: ['role', 'form', 'field', 'step'],
  required_field_unfillable: ['form', 'field', 'step'],
  rule_unknown_field: ['path'],
  rule_unknown_form: ['form'],
  rule_unknown_value: ['path', 'value', 'allowed'],
  rule_unknown_option: ['path', 'value', 'allowed'],
  conjunction_never_true: ['key'],
  report_unknown_option: ['indicator', 'value'],
  report_unknown_value: ['indicator', 'value'],
  condition_unknown_field: ['form', 'field'],
  condition_on_itself: ['form', 'field'],
  condition_open_answer: ['form', 'field'],
  condition_unknown_value: ['form', 'field', 'value', 'allowed'],
  // Its params (years, until) only when some years have holidays: the text does without them.
  holidays_run_out: [],
} as const satisfies Record<string, readonly string[]>;

export type LintCode = keyof typeof LINT_CODE_PARAMS;
export const LINT_CODES = Object.keys(LINT_CODE_PARAMS) as LintCode[];
