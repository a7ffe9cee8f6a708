/**
 * Lint: what rules read must exist. A guard naming a field the form does not have, or comparing an
 * answer with a value that is not one of its options, is silently false (or true) on every case:
 * cases then wait at a step forever, or a deadline never starts. Only literal paths and values are
 * judged; computed ones cannot be.
 */
import { fieldSchemaOf, optionListValues } from '@app/forms';
import type { SopPack } from '@app/pack-types';
import { jp, type IssueParams, PackIssue } from './pack-issue';
import type { LintCode } from './lint-codes';
import type { LintContext } from './lint-context';
import { argPath, isOp, opArgs, RuleSite, ruleSites, varOf, walkRule } from './lint-rule-sites';

const ROOTS = ['case', 'forms', 'formEntries', 'formStatus', 'now', 'timeZone', 'locations', 'referrals', 'facts'];
const CASE_KEYS = ['type', 'step', 'status', 'risk', 'fields', 'registeredAt', 'location'];
const STATUSES = ['open', 'paused', 'closed'];

type Resolved =
  | { problem: { code: LintCode; message: string; params?: IssueParams } }
  | { values: unknown[] | null; describe: string; code: 'rule_unknown_option' | 'rule_unknown_value'; items?: boolean }
  | null;

/** What a literal `var` path reads; `values` are the values it can take when they are a closed set. */
export function resolveVar(pack: SopPack, path: string): Resolved {
  if (path === '') return null;
  const seg = path.split('.');
  const [root] = seg;
  const forms = new Map(pack.forms.map((f) => [f.id, f]));
  const listed = new Set([...pack.manifest.forms.map((f) => f.id), ...forms.keys()]);
  if (!ROOTS.includes(root)) {
    return { problem: { code: 'rule_unknown_field', message: `reads "${path}", but rule data has no "${root}" (it has ${ROOTS.join(', ')})` } };
  }
  if (root === 'case') {
    const key = seg[1];
    if (key === undefined) return null;
    if (!CASE_KEYS.includes(key))
      return { problem: { code: 'rule_unknown_field', message: `reads "${path}", but a case has no "${key}" (it has ${CASE_KEYS.join(', ')})` } };
    if (seg.length > 2) return null;
    if (key === 'step') return { values: pack.workflow.steps.map((s) => s.id), describe: 'a step of workflow.json', code: 'rule_unknown_value' };
    if (key === 'status') return { values: STATUSES, describe: `a case status (${STATUSES.join(', ')})`, code: 'rule_unknown_value' };
    if (key === 'type') return { values: pack.manifest.caseTypes.map((c) => c.id), describe: 'a case type of pack.json', code: 'rule_unknown_value' };
    if (key === 'risk') {
      const values: unknown[] = [];
      for (const ct of pack.manifest.caseTypes) {
        if (!ct.riskField) continue;
        const dot = ct.riskField.indexOf('.');
        const form = forms.get(ct.riskField.slice(0, dot));
        const v = form ? closedValues(pack, fieldSchemaOf(form.schema, ct.riskField.slice(dot + 1))) : null;
        if (v === null) return null;
        values.push(...v);
      }
      return { values, describe: "a risk level (an option of the case types' riskField)", code: 'rule_unknown_option' };
    }
    return null;
  }
  if (['now', 'timeZone', 'locations', 'referrals', 'facts'].includes(root) || seg.length < 2) return null;
  const formId = seg[1];
  if (!listed.has(formId))
    return {
      problem: { code: 'rule_unknown_form', message: `reads "${path}", but form "${formId}" is not listed in pack.json forms`, params: { form: formId } },
    };
  const form = forms.get(formId);
  if (!form) return null;
  if (root === 'formStatus') {
    if (seg.length === 2 || (seg.length === 3 && ['complete', 'entries'].includes(seg[2]))) return null;
    return { problem: { code: 'rule_unknown_field', message: `reads "${path}", but formStatus.${formId} has only "complete" and "entries"` } };
  }
  let rest = seg.slice(2);
  if (root === 'formEntries') {
    if (rest.length === 0 || (rest.length === 1 && rest[0] === 'length')) return null;
    if (!/^\d+$/.test(rest[0])) {
      return {
        problem: {
          code: 'rule_unknown_field',
          message: `reads "${path}", but formEntries.${formId} is a list of entries: write formEntries.${formId}.<n>.<field>`,
        },
      };
    }
    rest = rest.slice(1);
  }
  // Indexes into list answers, and `.length`, are not field names.
  const named = rest.filter((p) => !/^\d+$/.test(p));
  const field = named[named.length - 1] === 'length' && named.length > 1 ? named.slice(0, -1) : named;
  if (field.length === 0) return null;
  const schema = fieldSchemaOf(form.schema, field.join('.'));
  if (!schema) return { problem: { code: 'rule_unknown_field', message: `reads "${path}", but form "${formId}" has no field "${field.join('.')}"` } };
  if (field.length !== named.length || rest.some((p) => /^\d+$/.test(p))) return null;
  if (schema.type === 'array') {
    // An option list on the array itself applies to its items (levels of places included).
    const items = closedValues(pack, schema.items) ?? (typeof schema['x-optionList'] === 'string' ? closedValues(pack, schema) : null);
    return items ? { values: items, describe: `an option of "${formId}.${field.join('.')}"`, code: 'rule_unknown_option', items: true } : null;
  }
  const values = closedValues(pack, schema);
  return values ? { values, describe: `an option of "${formId}.${field.join('.')}"`, code: 'rule_unknown_option' } : null;
}

/** The values a field can hold when they form a closed set (options, enum, const, yes/no); null otherwise. */
function closedValues(pack: SopPack, schema: any): unknown[] | null {
  if (!schema || typeof schema !== 'object') return null;
  const list = schema['x-optionList'];
  if (typeof list === 'string') return optionListValues(schema, pack) ?? null;
  if (Array.isArray(schema.enum)) return schema.enum;
  if ('const' in schema) return [schema.const];
  if (schema.type === 'boolean') return [true, false];
  return null;
}

const isLiteral = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
const show = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

export function lintRuleReferences(ctx: LintContext): PackIssue[] {
  const issues: PackIssue[] = [];
  for (const site of ruleSites(ctx.pack)) issues.push(...siteIssues(ctx.pack, site));
  return issues;
}

function siteIssues(pack: SopPack, site: RuleSite): PackIssue[] {
  const issues: PackIssue[] = [];
  const push = (path: string, code: LintCode, message: string, params: IssueParams) =>
    issues.push({ file: site.file, path, code, message: `${site.what} ${message}`, severity: 'error', params });
  // data-quality.json answer paths are already reported by the validator (unknown_answer_path).
  const answerPath = (p: string) => p.startsWith('forms.') || p.startsWith('formEntries.');
  // `entry.<field>` in a close-on `where` is that entry's answer: judged as the form's field.
  const forEntry = (p: string) => (site.entryForm && (p === 'entry' || p.startsWith('entry.')) ? `forms.${site.entryForm}${p.slice('entry'.length)}` : p);
  const checkPath = (p: string, at: string) => {
    const r = resolveVar(pack, forEntry(p));
    if (r && 'problem' in r && !(site.kind === 'data_quality' && answerPath(p))) push(at, r.problem.code, r.problem.message, { path: p, ...r.problem.params });
  };
  const known = (p: string) => {
    const r = resolveVar(pack, forEntry(p));
    return r && 'values' in r && r.values ? r : null;
  };
  const literalCheck = (v: ReturnType<typeof varOf>, lit: unknown, at: string, strict: boolean, asItem: boolean) => {
    if (!v || !isLiteral(lit)) return;
    const r = known(v.path);
    if (!r || !!r.items !== asItem) return;
    const allowed = v.hasFallback ? [...r.values!, v.fallback] : r.values!;
    // eslint-disable-next-line eqeqeq
    if (allowed.some((a) => (strict ? a === lit : a == lit))) return;
    push(
      at,
      r.code,
      `compares "${v.path}" with ${JSON.stringify(lit)}, which is not ${r.describe} (${show(r.values!) || 'none'}), so this comparison never holds`,
      { path: v.path, value: JSON.stringify(lit), allowed: show(r.values!) || '—' },
    );
  };

  walkRule(site.rule, site.path, (node, path) => {
    const [name, args] = opArgs(node);
    if (name === 'var') {
      const v = varOf(node);
      if (v) checkPath(v.path, Array.isArray(node.var) ? jp(path, 'var', 0) : jp(path, 'var'));
      return;
    }
    if (name === 'missing' || name === 'missing_some') {
      const list = name === 'missing_some' ? args[1] : Array.isArray(args[0]) ? args[0] : args;
      const listPath = name === 'missing_some' ? argPath(node, path, 1) : Array.isArray(args[0]) ? argPath(node, path, 0) : null;
      if (Array.isArray(list)) list.forEach((p, k) => typeof p === 'string' && checkPath(p, listPath ? jp(listPath, k) : argPath(node, path, k)));
      return;
    }
    if ((name === 'form_complete' || name === 'form_entries') && typeof args[0] === 'string') {
      const listed = new Set([...pack.manifest.forms.map((f) => f.id), ...pack.forms.map((f) => f.id)]);
      if (!listed.has(args[0]))
        push(argPath(node, path, 0), 'rule_unknown_form', `asks about form "${args[0]}", which is not listed in pack.json forms`, {
          form: args[0],
        });
      return;
    }
    if (['==', '===', '!=', '!=='].includes(name) && args.length === 2) {
      const strict = name.length === 3;
      args.forEach((a, k) => literalCheck(varOf(a), args[1 - k], argPath(node, path, 1 - k), strict, false));
      return;
    }
    if (name === 'in' && args.length === 2) {
      const [needle, haystack] = args;
      if (Array.isArray(haystack)) haystack.forEach((lit, k) => literalCheck(varOf(needle), lit, jp(argPath(node, path, 1), k), true, false));
      else if (isOp(haystack)) literalCheck(varOf(haystack), needle, argPath(node, path, 0), true, true);
    }
  });
  return issues;
}
