/**
 * Where a pack writes rules (transition guards, effect values, deadline conditions, data-quality
 * checks), and a walk over a rule that knows which `var`s read the rule data: inside the per-item
 * argument of map/filter/all/some/none/reduce a `var` reads the item, and the arguments of
 * operators the core does not know (a plugin's) are left alone.
 */
import type { DeadlineCloseOn, SopPack } from '@app/pack-types';
import { jp } from './pack-issue';

export interface RuleSite {
  file: string;
  /** JSONPath of the rule in the file. */
  path: string;
  rule: unknown;
  kind: 'guard' | 'effect' | 'deadline' | 'data_quality';
  /** What the rule is, for messages: `guard 1 of transition "close"`. */
  what: string;
  /** A close-on `where` reads the entry it judges as `entry.<field>`: that form's fields. */
  entryForm?: string;
}

export function ruleSites(pack: SopPack): RuleSite[] {
  const out: RuleSite[] = [];
  pack.workflow.transitions.forEach((t, i) => {
    (t.guards ?? []).forEach((g, j) =>
      out.push({
        file: 'workflow.json',
        path: jp('$.transitions', i, 'guards', j, 'rule'),
        rule: g.rule,
        kind: 'guard',
        what: `guard ${j + 1} of transition "${t.id}"`,
      }),
    );
    (t.effects ?? []).forEach((e, j) => {
      const base = jp('$.transitions', i, 'effects', j);
      if (e.type === 'set_case_field' && e.value !== undefined)
        out.push({ file: 'workflow.json', path: jp(base, 'value'), rule: e.value, kind: 'effect', what: `an effect of transition "${t.id}"` });
      if (e.type === 'emit_event' && e.data && typeof e.data === 'object') {
        for (const [k, v] of Object.entries(e.data as Record<string, unknown>))
          out.push({ file: 'workflow.json', path: jp(base, 'data', k), rule: v, kind: 'effect', what: `an effect of transition "${t.id}"` });
      }
    });
  });
  pack.deadlines.forEach((d, i) => {
    const entryRules = (events: DeadlineCloseOn[], base: string, what: string) =>
      events.forEach((c, j) => {
        if (c.event === 'form_submitted' && c.where !== undefined)
          out.push({
            file: 'deadlines.json',
            path: jp(base, j, 'where'),
            rule: c.where,
            kind: 'deadline',
            what: `${what} ${j + 1} of deadline "${d.id}"`,
            entryForm: c.form,
          });
      });
    entryRules(d.closeOn, jp('$.deadlines', i, 'closeOn'), 'close-on event');
    entryRules(d.repeat?.until ?? [], jp('$.deadlines', i, 'repeat', 'until'), 'until event');
    if (d.repeat?.stopWhen !== undefined)
      out.push({
        file: 'deadlines.json',
        path: jp('$.deadlines', i, 'repeat', 'stopWhen'),
        rule: d.repeat.stopWhen,
        kind: 'deadline',
        what: `the end rule of deadline "${d.id}"`,
      });
    if (d.when !== undefined)
      out.push({ file: 'deadlines.json', path: jp('$.deadlines', i, 'when'), rule: d.when, kind: 'deadline', what: `the condition of deadline "${d.id}"` });
    d.due.forEach((due, j) => {
      if (due.when !== undefined)
        out.push({
          file: 'deadlines.json',
          path: jp('$.deadlines', i, 'due', j, 'when'),
          rule: due.when,
          kind: 'deadline',
          what: `due entry ${j + 1} of deadline "${d.id}"`,
        });
    });
  });
  (pack.dataQuality ?? []).forEach((c, i) =>
    out.push({ file: 'data-quality.json', path: jp('$.checks', i, 'rule'), rule: c.rule, kind: 'data_quality', what: `data-quality check "${c.id}"` }),
  );
  return out;
}

export function isOp(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && Object.keys(node).length === 1;
}

/** The operator name and argument list of an operation. */
export function opArgs(node: Record<string, unknown>): [string, unknown[]] {
  const [name] = Object.keys(node);
  const raw = node[name];
  return [name, Array.isArray(raw) ? raw : [raw]];
}

/** JSONPath of argument i of an operation at `path` (a single argument may be written without a list). */
export function argPath(node: Record<string, unknown>, path: string, i: number): string {
  const [name] = Object.keys(node);
  return Array.isArray(node[name]) ? jp(path, name, i) : jp(path, name);
}

/** Operators whose argument 1 is evaluated once per item of argument 0 (`var` then reads the item). */
const ITERATORS = new Set(['map', 'filter', 'all', 'some', 'none', 'reduce']);
/** Core operators whose arguments are all evaluated against the rule data. */
const PLAIN = new Set([
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  'and',
  'or',
  '!',
  '!!',
  '==',
  '===',
  '!=',
  '!==',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  'max',
  'min',
  'in',
  'cat',
  'substr',
  'merge',
  'days_between',
  'hours_between',
  'age_years',
  'date_add_days',
  'form_complete',
  'form_entries',
  'location_within',
  'location_level',
]);
/** Core operators whose arguments are written as they are (a referral filter, a fact name): nothing inside is read. */
const LITERAL = new Set(['has_referral', 'referral_count', 'plugin_fact']);

/** Visits every operation evaluated against the rule data (not per item, not inside a plugin's operator). */
export function walkRule(rule: unknown, path: string, visit: (node: Record<string, unknown>, path: string) => void): void {
  if (Array.isArray(rule)) {
    rule.forEach((r, i) => walkRule(r, jp(path, i), visit));
    return;
  }
  if (!isOp(rule)) return;
  const [name, args] = opArgs(rule);
  if (!PLAIN.has(name) && !ITERATORS.has(name) && !LITERAL.has(name)) return;
  visit(rule, path);
  if (LITERAL.has(name)) return;
  args.forEach((a, i) => {
    if (ITERATORS.has(name) && i === 1) return;
    walkRule(a, argPath(rule, path, i), visit);
  });
}

/** The literal path of a `var` (and its default), or null when computed. */
export function varOf(node: unknown): { path: string; fallback?: unknown; hasFallback: boolean } | null {
  if (!isOp(node) || !('var' in node)) return null;
  const raw = node.var;
  const target = Array.isArray(raw) ? raw[0] : raw;
  if (typeof target !== 'string') return null;
  const hasFallback = Array.isArray(raw) && raw.length > 1 && raw[1] !== null;
  return { path: target, fallback: hasFallback ? (raw as unknown[])[1] : undefined, hasFallback };
}
