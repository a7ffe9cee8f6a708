/**
 * Lint: a form's conditional questions (libs/forms form-conditions.ts) must name questions of the
 * same form, test an answer with a closed set of values, and test values it can hold: otherwise the
 * question is never asked, or always refused.
 */
import { formConditions } from '@app/forms';
import { jp, type IssueParams, PackIssue } from './pack-issue';
import type { LintCode } from './lint-codes';
import type { LintContext } from './lint-context';
import { resolveVar } from './lint-rule-refs';

const show = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(', ') || 'none';

export function lintConditions(ctx: LintContext): PackIssue[] {
  const { pack } = ctx;
  const issues: PackIssue[] = [];
  for (const form of pack.forms) {
    const file = `forms/${form.id}.v${form.version}.json`;
    const err = (path: string, code: LintCode, message: string, params: IssueParams) => issues.push({ file, path, code, message, severity: 'error', params });
    const questions = new Set(Object.keys(form.schema?.properties ?? {}));
    for (const c of formConditions(form.schema)) {
      const base = jp('$.schema.allOf', c.index);
      const verb = c.kind === 'askWhen' ? 'asks' : 'requires';
      if (!questions.has(c.field))
        err(base, 'condition_unknown_field', `a condition ${verb} "${c.field}", which is not a question of form "${form.id}"`, {
          form: form.id,
          field: c.field,
        });
      if (!questions.has(c.when.field)) {
        err(
          jp(base, 'if', 'properties', c.when.field),
          'condition_unknown_field',
          `a condition tests "${c.when.field}", which is not a question of form "${form.id}"`,
          {
            form: form.id,
            field: c.when.field,
          },
        );
        continue;
      }
      if (c.when.field === c.field) {
        err(base, 'condition_on_itself', `"${c.field}" of form "${form.id}" depends on its own answer, so it is never asked`, {
          form: form.id,
          field: c.field,
        });
        continue;
      }
      const r = resolveVar(pack, `forms.${form.id}.${c.when.field}`);
      const values = r && 'values' in r && !r.items ? r.values : null;
      if (!values) {
        err(
          jp(base, 'if', 'properties', c.when.field),
          'condition_open_answer',
          `a condition tests "${c.when.field}" of form "${form.id}", whose answer is not one of a set of options (a choice or yes/no)`,
          { form: form.id, field: c.when.field },
        );
        continue;
      }
      for (const v of c.when.values) {
        if (!values.some((a) => a === v))
          err(
            jp(base, 'if', 'properties', c.when.field),
            'condition_unknown_value',
            `a condition tests "${c.when.field}" of form "${form.id}" for ${JSON.stringify(v)}, which it can never be (it can be ${show(values)})`,
            { form: form.id, field: c.when.field, value: JSON.stringify(v), allowed: show(values) },
          );
      }
    }
  }
  return issues;
}
