/**
 * Rules over the case's referrals and plugin facts (`has_referral`, `referral_count`,
 * `plugin_fact`, docs/rules.md) must name what exists: a service type of services.json, a referral
 * status, a fact a plugin the pack enables declares. A misspelt one is silently false on every case,
 * and a transition guarded by it could never be taken. The host also reads here which facts a pack's
 * rules name, to load only those.
 */
import type { PluginPackData, SopPack } from '@app/pack-types';
import { parseFactName, referralFilterOf } from '@app/rules';
import { REFERRAL_STATUSES } from '@app/workflow';
import { jp, PackIssue } from './pack-issue';
import { pluginFileName, type PackFiles } from './pack-files';
import { argPath, isOp, opArgs, ruleSites, type RuleSite } from './lint-rule-sites';

const REFERRAL_OPERATORS = new Set(['has_referral', 'referral_count']);
const FACT_OPERATOR = 'plugin_fact';

interface RecordUse {
  operator: string;
  rawArgs: unknown[];
  node: Record<string, unknown>;
  path: string;
}

/** Every use of the case-record operators in a rule, wherever it is (inside map, a plugin's operator...). */
function recordUses(rule: unknown, path: string, out: RecordUse[] = []): RecordUse[] {
  if (Array.isArray(rule)) {
    rule.forEach((r, i) => recordUses(r, jp(path, i), out));
    return out;
  }
  if (!isOp(rule)) return out;
  const [name, args] = opArgs(rule);
  if (REFERRAL_OPERATORS.has(name) || name === FACT_OPERATOR) {
    out.push({ operator: name, rawArgs: args, node: rule, path });
    return out; // literal arguments: nothing inside is an operation
  }
  args.forEach((a, i) => recordUses(a, argPath(rule, path, i), out));
  return out;
}

const factsByPack = new WeakMap<SopPack, Map<string, ReadonlyMap<string, ReadonlySet<string>>>>();

/**
 * The plugin facts a pack's rules name, by plugin id (computed once per pack version): the host
 * loads these for a case and nothing else, so a pack naming none pays nothing. `kind`: only those
 * named by rules of that kind (a change's deadline sync needs only the deadlines' facts).
 */
export function referencedFacts(pack: SopPack, kind?: RuleSite['kind']): ReadonlyMap<string, ReadonlySet<string>> {
  const cached = factsByPack.get(pack) ?? new Map<string, ReadonlyMap<string, ReadonlySet<string>>>();
  factsByPack.set(pack, cached);
  let found = cached.get(kind ?? '*');
  if (!found) {
    const byPlugin = new Map<string, Set<string>>();
    for (const site of ruleSites(pack)) {
      if (kind && site.kind !== kind) continue;
      for (const use of recordUses(site.rule, site.path)) {
        const name = use.operator === FACT_OPERATOR ? parseFactName(use.rawArgs[0]) : null;
        if (name) byPlugin.set(name.plugin, (byPlugin.get(name.plugin) ?? new Set()).add(name.fact));
      }
    }
    cached.set(kind ?? '*', (found = byPlugin));
  }
  return found;
}

/** Service types, referral statuses and plugin facts named by the pack's rules (on a merged pack, with its plugin files). */
export function checkRuleRecords(pack: SopPack, files: PackFiles): PackIssue[] {
  const issues: PackIssue[] = [];
  const serviceTypes = new Set(pack.services.serviceTypes.map((t) => t.id));
  const statuses = new Set<string>(REFERRAL_STATUSES);
  const enabled = new Set(pack.plugins.map((p) => p.id));
  const declared = (plugin: string) => (files[pluginFileName(plugin)] as PluginPackData | undefined)?.facts ?? [];
  for (const site of ruleSites(pack)) {
    const err = (path: string, code: string, message: string) =>
      issues.push({ file: site.file, path, code, message: `${site.what} ${message}`, severity: 'error' });
    for (const use of recordUses(site.rule, site.path)) {
      const at = jp(use.path, use.operator);
      if (site.kind === 'data_quality') {
        err(at, 'rule_records_unavailable', `uses "${use.operator}": data-quality checks judge answers as they are entered, without referrals or plugin facts`);
        continue;
      }
      if (use.operator === FACT_OPERATOR) checkFact(use, at, enabled, declared, err);
      else checkReferralFilter(use, at, serviceTypes, statuses, err);
    }
  }
  return issues;
}

function checkReferralFilter(
  use: RecordUse,
  at: string,
  serviceTypes: Set<string>,
  statuses: Set<string>,
  err: (path: string, code: string, message: string) => void,
): void {
  const filter = referralFilterOf(use.rawArgs);
  if (!filter || typeof filter !== 'object') return; // the validator's operator check reports a bad filter
  const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
  for (const type of list(filter.serviceType)) {
    if (!serviceTypes.has(type))
      err(at, 'rule_unknown_service_type', `asks about referrals to service type "${type}", which is not in services.json serviceTypes`);
  }
  for (const status of list(filter.status)) {
    if (!statuses.has(status))
      err(at, 'rule_unknown_referral_status', `asks about referrals in status "${status}", which a referral never has (it has ${[...statuses].join(', ')})`);
  }
}

function checkFact(
  use: RecordUse,
  at: string,
  enabled: Set<string>,
  declared: (plugin: string) => string[],
  err: (path: string, code: string, message: string) => void,
): void {
  const name = parseFactName(use.rawArgs[0]);
  if (!name) return; // the validator's operator check reports it
  if (!enabled.has(name.plugin)) {
    err(at, 'rule_fact_plugin_not_enabled', `reads fact "${name.fact}" of plugin "${name.plugin}", which this pack does not enable (pack.json plugins)`);
    return;
  }
  const facts = declared(name.plugin);
  if (!facts.includes(name.fact)) {
    err(
      at,
      'rule_unknown_fact',
      `reads fact "${name.fact}", which plugin "${name.plugin}" does not declare (${facts.length ? `it declares ${facts.join(', ')}` : 'it declares none'})`,
    );
  }
}
