import { locationPaths } from './locations';
import type { ServiceProviderDef, SopPack } from '@app/pack-types';
import { jp, type IssueParams, PackIssue } from './pack-issue';

/**
 * One provider's references: service types, locations, case types and agency must exist in the pack.
 * Used for services.json and for an administrator's edit of the directory (`file` and `base` say where).
 */
export function checkProvider(pack: SopPack, p: ServiceProviderDef, file: string, base: string): PackIssue[] {
  const issues: PackIssue[] = [];
  const err = (path: string, code: string, message: string) => issues.push({ file, path, code, message, severity: 'error' });
  const types = new Set(pack.services.serviceTypes.map((t) => t.id));
  const locations = locationPaths(pack.locations.root);
  const caseTypes = new Set(pack.manifest.caseTypes.map((c) => c.id));
  const agencies = new Set(pack.organisations.agencies.map((a) => a.id));
  p.serviceTypes.forEach((t, j) => {
    if (!types.has(t)) err(jp(base, 'serviceTypes', j), 'unknown_service_type', `service type "${t}" is not in services.json serviceTypes`);
  });
  p.locations.forEach((l, j) => {
    if (!locations.has(l)) err(jp(base, 'locations', j), 'unknown_location', `location "${l}" is not in locations.json`);
  });
  (p.caseTypes ?? []).forEach((c, j) => {
    if (!caseTypes.has(c)) err(jp(base, 'caseTypes', j), 'unknown_case_type', `case type "${c}" does not exist in pack.json caseTypes`);
  });
  if (p.agency && !agencies.has(p.agency)) err(jp(base, 'agency'), 'unknown_agency', `agency "${p.agency}" is not in organisations.json`);
  if (p.usesPlatform && !p.agency)
    err(jp(base, 'agency'), 'agency_required', 'a provider that uses the platform names the agency whose users receive referrals');
  return issues;
}

/** services.json: unique ids, forms a referral shares exist (min within max), providers' references. */
export function checkServices(pack: SopPack): PackIssue[] {
  const F = 'services.json';
  const issues: PackIssue[] = [];
  const err = (path: string, code: string, message: string) => issues.push({ file: F, path, code, message, severity: 'error' });
  const forms = new Set(pack.manifest.forms.map((f) => f.id));
  const seen = new Set<string>();
  pack.services.serviceTypes.forEach((t, i) => {
    const base = jp('$.serviceTypes', i);
    if (seen.has(t.id)) err(jp(base, 'id'), 'duplicate_id', `service type "${t.id}" is declared twice`);
    seen.add(t.id);
    const max = t.referral?.maxForms;
    (['minForms', 'maxForms'] as const).forEach((k) =>
      (t.referral?.[k] ?? []).forEach((f, j) => {
        if (!forms.has(f)) err(jp(base, 'referral', k, j), 'unknown_form', `form "${f}" is not in pack.json forms`);
      }),
    );
    (t.referral?.minForms ?? []).forEach((f, j) => {
      if (max && !max.includes(f)) err(jp(base, 'referral', 'minForms', j), 'min_not_in_max', `form "${f}" must be shared but is not in maxForms`);
    });
  });
  const providerIds = new Set<string>();
  pack.services.providers.forEach((p, i) => {
    const base = jp('$.providers', i);
    if (providerIds.has(p.id)) err(jp(base, 'id'), 'duplicate_id', `provider "${p.id}" is declared twice`);
    providerIds.add(p.id);
    issues.push(...checkProvider(pack, p, F, base));
  });
  issues.push(...checkFollowUpQuestions(pack));
  return issues;
}

/**
 * services.json followUpQuestions: unique ids; an option question has its choices (inline or an
 * option list that exists, not both), other types none; labels in every pack language.
 */
function checkFollowUpQuestions(pack: SopPack): PackIssue[] {
  const F = 'services.json';
  const issues: PackIssue[] = [];
  const err = (path: string, code: string, message: string, params?: IssueParams) => issues.push({ file: F, path, code, message, severity: 'error', params });
  const locales = pack.manifest.locales;
  const translated = (path: string, label: Record<string, string>) => {
    const missing = locales.filter((l) => !label[l]);
    if (missing.length)
      err(path, 'missing_translation', `label is missing the ${missing.map((l) => `"${l}"`).join(', ')} translation (pack locales: ${locales.join(', ')})`, {
        languages: missing.join(', '),
      });
  };
  const seen = new Set<string>();
  (pack.services.followUpQuestions ?? []).forEach((q, i) => {
    const base = jp('$.followUpQuestions', i);
    if (seen.has(q.id)) err(jp(base, 'id'), 'duplicate_id', `follow-up question "${q.id}" is declared twice`);
    seen.add(q.id);
    translated(jp(base, 'label'), q.label);
    if (q.type !== 'option') {
      if (q.options || q.optionList) err(jp(base, q.options ? 'options' : 'optionList'), 'options_not_allowed', `a ${q.type} question has no options`);
    } else if (!q.options === !q.optionList) {
      err(jp(base, 'options'), 'options_required', 'an option question lists its choices in "options" or names an "optionList" (one of them)');
    } else if (q.optionList && !pack.optionLists[q.optionList]) {
      err(jp(base, 'optionList'), 'unknown_option_list', `option list "${q.optionList}" is not in option-lists.json`);
    }
    if (q.maxLength !== undefined && q.type !== 'text') err(jp(base, 'maxLength'), 'max_length_not_allowed', 'maxLength applies to text questions only');
    const values = new Set<string>();
    (q.options ?? []).forEach((o, j) => {
      if (values.has(o.value)) err(jp(base, 'options', j, 'value'), 'duplicate_option', `duplicate option value "${o.value}"`);
      values.add(o.value);
      translated(jp(base, 'options', j, 'label'), o.label);
    });
  });
  return issues;
}
