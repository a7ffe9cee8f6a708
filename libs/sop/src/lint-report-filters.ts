/**
 * Lint: indicator filters (reporting.json `where`, `eventData`) must name values that can occur.
 * A filter on an option the field does not have counts nothing, and the dashboard shows a calm zero.
 */
import { fieldSchemaOf } from '@app/forms';
import { jp, type IssueParams, PackIssue } from './pack-issue';
import type { LintCode } from './lint-codes';
import type { LintContext } from './lint-context';
import { resolveVar } from './lint-rule-refs';

const F = 'reporting.json';
const show = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(', ') || 'none';

export function lintReportFilters(ctx: LintContext): PackIssue[] {
  const { pack } = ctx;
  const issues: PackIssue[] = [];
  const err = (path: string, code: LintCode, message: string, params: IssueParams) => issues.push({ file: F, path, code, message, severity: 'error', params });
  // Stored answers are compared as text.
  const among = (values: unknown[], v: unknown) => values.some((a) => String(a) === String(v));

  pack.reporting.indicators.forEach((ind, i) => {
    if (ind.kind !== 'count') return;
    const base = jp('$.indicators', i);
    const where = ind.where;
    if (where?.risk?.length) {
      const r = resolveVar(pack, 'case.risk');
      if (r && 'values' in r && r.values) {
        where.risk.forEach((v, k) => {
          if (!among(r.values!, v))
            err(
              jp(base, 'where', 'risk', k),
              'report_unknown_option',
              `indicator "${ind.id}" counts cases at risk level ${JSON.stringify(v)}, which is not a risk level of any case type (${show(r.values!)}), so it always counts 0`,
              { indicator: ind.id, value: JSON.stringify(v) },
            );
        });
      }
    }
    for (const [answer, values] of Object.entries(where?.answers ?? {})) {
      const dot = answer.indexOf('.');
      const form = ctx.formById.get(answer.slice(0, dot));
      const schema: any = form ? fieldSchemaOf(form.schema, answer.slice(dot + 1)) : undefined;
      const r = schema ? resolveVar(pack, `forms.${answer}`) : null;
      if (!r || !('values' in r) || !r.values) continue;
      values.forEach((v, k) => {
        if (!among(r.values!, v)) {
          err(
            jp(base, 'where', 'answers', answer, k),
            'report_unknown_option',
            `indicator "${ind.id}" counts answers ${JSON.stringify(v)} to "${answer}", which is not one of its options (${show(r.values!)}), so it always counts 0`,
            { indicator: ind.id, value: JSON.stringify(v) },
          );
        }
      });
    }
    // transition_performed events carry the transition and the steps it joined.
    if (ind.of === 'events' && ind.eventData && (ind.events ?? []).every((e) => e === 'transition_performed')) {
      const known: Record<string, string[]> = {
        transition: pack.workflow.transitions.map((t) => t.id),
        from: pack.workflow.steps.map((s) => s.id),
        to: pack.workflow.steps.map((s) => s.id),
        status: ['open', 'paused', 'closed'],
      };
      for (const [key, v] of Object.entries(ind.eventData)) {
        if (known[key] && !known[key].includes(String(v))) {
          err(
            jp(base, 'eventData', key),
            'report_unknown_value',
            `indicator "${ind.id}" counts transitions with ${key} ${JSON.stringify(v)}, which is not ${key === 'transition' ? 'a transition' : key === 'status' ? 'a case status' : 'a step'} of the pack, so it always counts 0`,
            { indicator: ind.id, value: JSON.stringify(v) },
          );
        }
      }
    }
  });
  return issues;
}
