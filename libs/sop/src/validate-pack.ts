import { FormCatalogue, fieldSchemaOf, type FieldTypeRegistry, createDefaultFieldTypes } from '@app/forms';
import { checkRule, defaultOperators, type OperatorRegistry } from '@app/rules';
import { defaultEffects, knownEffectTypes, type EffectRegistry } from '@app/workflow';
import type { FormDef, LocationNode, SecurityDef, SopPack } from '@app/pack-types';
import { formFileName, PACK_FILES, PackFiles, pluginFileName } from './pack-files';
import { hasErrors, jp, type IssueParams, PackIssue, pointerToJsonPath } from './pack-issue';
import { packValidators, schemaIssues } from './schemas';
import { withSecurityDefaults } from './role-rules';
import { mergePlugins } from './apply-plugins';
import { checkRuleRecords } from './validate-rule-records';
import { checkRoles } from './validate-roles';
import { checkConsentFromForms } from './validate-consent-from-forms';
import { checkServices } from './validate-services';
import { checkIntakeQueues } from './validate-intake';
import { checkCaseOpenings } from './validate-case-opening';
import { checkOptionListRefs } from './validate-option-list-refs';
import { buildReporting, checkReporting } from './validate-reporting';
import { checkDhis2 } from './validate-dhis2';
import { checkDataQuality } from './validate-data-quality';
import { checkDemoCases } from './validate-demo-cases';
import { checkCaseNumberFormat } from './validate-case-number';
import { checkDeadlines } from './validate-deadlines';
import { checkTiming } from './validate-timing';
import { isValidTimeZone } from '@app/core';
import { buildNotifications, checkNotifications, isTemplateFile, templateFileIssues } from './validate-notifications';

export interface ValidatePackOptions {
  /** Field types/formats forms may use (default: built-ins; plugins add more). */
  fieldTypes?: FieldTypeRegistry;
  /** Workflow effect types transitions may use (default: the engine's built-ins). */
  effects?: EffectRegistry;
  /** Rule operators guards and conditions may use (default: the rules library's). */
  operators?: OperatorRegistry;
}

export interface ValidatePackResult {
  /** The assembled pack, only when there is no error (warnings allowed). */
  pack?: SopPack;
  issues: PackIssue[];
}

/** Special deadline recipients besides role ids. */
export const SPECIAL_RECIPIENTS = ['case_owner', 'case_owner_supervisor'] as const;
/** `to` value returning to the step before the current one. */
export const PREVIOUS_STEP = '@previous';

/**
 * Validates a files map (from readPackDir or a stored version): each file against its JSON Schema,
 * then the references between files. Returns the pack only when there are no errors.
 */
export function validatePack(files: PackFiles, options: ValidatePackOptions = {}): ValidatePackResult {
  const issues: PackIssue[] = [];
  const validators = packValidators();

  for (const f of PACK_FILES) {
    const content = files[f.file];
    if (content === undefined) {
      if (f.required) issues.push({ file: f.file, path: '$', message: 'file is missing (every pack needs it)', code: 'missing_file', severity: 'error' });
      continue;
    }
    const v = validators.get(f.schema)!;
    if (!v(content)) issues.push(...schemaIssues(f.file, v.errors));
  }

  const manifest = files['pack.json'] as any;
  const forms: FormDef[] = [];
  const listed = new Set<string>();
  if (manifest && Array.isArray(manifest.forms)) {
    manifest.forms.forEach((entry: any, i: number) => {
      if (!entry || typeof entry.id !== 'string' || !Number.isInteger(entry.version)) return;
      const name = formFileName(entry.id, entry.version);
      listed.add(name);
      const content: any = files[name];
      if (content === undefined) {
        issues.push({
          file: 'pack.json',
          path: jp('$.forms', i),
          code: 'missing_form_file',
          severity: 'error',
          message: `form "${entry.id}" version ${entry.version} is listed but its file ${entry.id}.v${entry.version}.json was not found in the forms directory`,
        });
        return;
      }
      const v = validators.get('form')!;
      if (!v(files[name])) {
        issues.push(...schemaIssues(name, v.errors));
        return;
      }
      if (content.id !== entry.id) {
        issues.push({
          file: name,
          path: '$.id',
          code: 'form_id_mismatch',
          severity: 'error',
          message: `is "${content.id}" but the file name says "${entry.id}"`,
        });
      }
      if (content.version !== entry.version) {
        issues.push({
          file: name,
          path: '$.version',
          code: 'form_id_mismatch',
          severity: 'error',
          message: `is ${content.version} but the file name says version ${entry.version}`,
        });
      }
      forms.push(content as FormDef);
    });
  }
  for (const name of Object.keys(files)) {
    if (name.startsWith('forms/') && !listed.has(name)) {
      issues.push({
        file: name,
        path: '$',
        code: 'unlisted_form_file',
        severity: 'warning',
        message: 'form file is not listed in pack.json forms and is ignored',
      });
    } else if (name.startsWith('plugins/')) {
      const enabled = ((manifest?.plugins ?? []) as Array<{ id?: unknown }>).some((p) => name === pluginFileName(String(p?.id)));
      if (!enabled)
        issues.push({
          file: name,
          path: '$',
          code: 'unknown_file',
          severity: 'warning',
          message: 'the contribution of a plugin this pack does not enable; ignored',
        });
    } else if (!name.startsWith('forms/') && !isTemplateFile(name) && !PACK_FILES.some((f) => f.file === name)) {
      issues.push({ file: name, path: '$', code: 'unknown_file', severity: 'warning', message: 'not a pack file and is ignored' });
    }
  }
  issues.push(...templateFileIssues(files));
  if (hasErrors(issues)) return { issues };

  const pack: SopPack = {
    manifest: files['pack.json'] as any,
    workflow: files['workflow.json'] as any,
    roles: (files['roles.json'] as any).roles,
    locations: files['locations.json'] as any,
    deadlines: (files['deadlines.json'] as any)?.deadlines ?? [],
    optionLists: (files['option-lists.json'] as any)?.optionLists ?? {},
    organisations: (files['organisations.json'] as any) ?? { agencies: [], teams: [] },
    demoUsers: (files['demo-users.json'] as any)?.users ?? [],
    demoCases: (files['demo-cases.json'] as any)?.cases ?? [],
    security: withSecurityDefaults(files['security.json'] as SecurityDef | undefined),
    notifications: buildNotifications(files),
    reporting: buildReporting(files['reporting.json'] as any),
    dataQuality: (files['data-quality.json'] as any)?.checks ?? [],
    dhis2: (files['dhis2.json'] as any) ?? undefined,
    services: {
      serviceTypes: (files['services.json'] as any)?.serviceTypes ?? [],
      providers: (files['services.json'] as any)?.providers ?? [],
      followUpQuestions: (files['services.json'] as any)?.followUpQuestions ?? [],
    },
    forms,
    plugins: [],
  };
  const merged = mergePlugins(pack, files, validators);
  issues.push(...merged.issues);
  if (hasErrors(issues)) return { issues };
  issues.push(...merged.remap(checkReferences(pack, options)));
  issues.push(...merged.remap(checkRuleRecords(pack, files)));
  return hasErrors(issues) ? { issues } : { pack, issues };
}

/** The reference checks between files of a structurally valid pack. */
export function checkReferences(pack: SopPack, options: ValidatePackOptions = {}): PackIssue[] {
  const issues: PackIssue[] = [];
  const err = (file: string, path: string, code: string, message: string, params?: IssueParams) =>
    issues.push({ file, path, code, message, severity: 'error', params });
  const warn = (file: string, path: string, code: string, message: string) => issues.push({ file, path, code, message, severity: 'warning' });
  const { manifest, workflow, roles, locations, deadlines, optionLists, organisations, demoUsers } = pack;
  const operators = options.operators ?? defaultOperators();
  const effectTypes = new Set(knownEffectTypes(options.effects ?? defaultEffects()));
  const fieldTypes = options.fieldTypes ?? createDefaultFieldTypes();

  const duplicates = (file: string, base: string, items: Array<{ [k: string]: any }>, key: string, what: string): Set<string> => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const id = item[key];
      if (seen.has(id)) err(file, jp(base, i, key), 'duplicate_id', `duplicate ${what} "${id}" (already used at ${jp(base, seen.get(id)!)})`);
      else seen.set(id, i);
    });
    return new Set(seen.keys());
  };

  const stepIds = duplicates('workflow.json', '$.steps', workflow.steps, 'id', 'step id');
  const transitionIds = duplicates('workflow.json', '$.transitions', workflow.transitions, 'id', 'transition id');
  const formIds = duplicates('pack.json', '$.forms', manifest.forms, 'id', 'form id (a pack uses one version of each form)');
  const roleIds = duplicates('roles.json', '$.roles', roles, 'id', 'role id');
  duplicates('deadlines.json', '$.deadlines', deadlines, 'id', 'deadline id');
  const caseTypeIds = duplicates('pack.json', '$.caseTypes', manifest.caseTypes, 'id', 'case type id');
  const agencyIds = duplicates('organisations.json', '$.agencies', organisations.agencies, 'id', 'agency id');
  duplicates('organisations.json', '$.teams', organisations.teams, 'id', 'team id');
  duplicates('demo-users.json', '$.users', demoUsers, 'username', 'username');
  const teamAgency = new Map(organisations.teams.map((t) => [t.id, t.agency]));
  const formById = new Map(pack.forms.map((f) => [f.id, f]));
  const locales = manifest.locales;

  // Locations: unique codes, known levels, children one level deeper.
  const locationLevel = new Map<string, string>();
  const walkLocation = (node: LocationNode, path: string, parentLevel: number) => {
    if (locationLevel.has(node.code)) err('locations.json', jp(path, 'code'), 'duplicate_location', `duplicate location code "${node.code}"`);
    else locationLevel.set(node.code, node.level);
    const level = locations.levels.indexOf(node.level);
    if (level < 0) err('locations.json', jp(path, 'level'), 'unknown_level', `level "${node.level}" is not one of levels: ${locations.levels.join(', ')}`);
    else if (level <= parentLevel)
      err('locations.json', jp(path, 'level'), 'level_order', `level "${node.level}" must be below its parent's level "${locations.levels[parentLevel]}"`);
    (node.children ?? []).forEach((c, i) => walkLocation(c, jp(path, 'children', i), level < 0 ? parentLevel + 1 : level));
  };
  walkLocation(locations.root, '$.root', -1);

  const checkLocation = (file: string, path: string, code: string) => {
    if (!locationLevel.has(code)) err(file, path, 'unknown_location', `location "${code}" is not in locations.json`);
  };
  const checkStep = (file: string, path: string, id: string) => {
    if (!stepIds.has(id)) err(file, path, 'unknown_step', `step "${id}" does not exist in workflow.json`);
  };
  const checkForm = (file: string, path: string, id: string): boolean => {
    if (formIds.has(id)) return true;
    err(file, path, 'unknown_form', `form "${id}" is not listed in pack.json forms`);
    return false;
  };
  const checkRole = (file: string, path: string, id: string, allowSpecial = false) => {
    if (roleIds.has(id)) return;
    if (allowSpecial && (SPECIAL_RECIPIENTS as readonly string[]).includes(id)) return;
    const extra = allowSpecial ? ` (nor one of ${SPECIAL_RECIPIENTS.join(', ')})` : '';
    err(file, path, 'unknown_role', `role "${id}" does not exist in roles.json${extra}`);
  };
  const fieldOf = (formId: string, field: string) => {
    const form = formById.get(formId);
    return form ? fieldSchemaOf(form.schema, field) : undefined;
  };
  /** `formId.field` answer paths. */
  const checkAnswerPath = (file: string, path: string, value: string) => {
    const dot = value.indexOf('.');
    if (dot <= 0 || dot === value.length - 1) {
      err(file, path, 'bad_field_path', `"${value}" must be written as formId.field`);
      return;
    }
    const formId = value.slice(0, dot);
    const field = value.slice(dot + 1);
    if (!checkForm(file, path, formId)) return;
    if (formById.has(formId) && !fieldOf(formId, field)) {
      err(file, path, 'unknown_field', `form "${formId}" has no field "${field}"`);
    }
  };
  const checkRuleAt = (file: string, path: string, rule: unknown) => {
    for (const p of checkRule(rule, operators)) {
      const sub = p.path.startsWith('$') ? p.path.slice(1) : p.path ? `.${p.path}` : '';
      err(file, path + sub, p.code === 'bad_arguments' ? 'rule_bad_arguments' : 'unknown_operator', p.message);
    }
  };

  // pack.json
  if (manifest.timezone !== undefined && !isValidTimeZone(manifest.timezone)) {
    err('pack.json', '$.timezone', 'unknown_timezone', `"${manifest.timezone}" is not an IANA time zone name (e.g. Europe/Chisinau)`);
  }
  if (!locales.includes(manifest.defaultLocale)) {
    err('pack.json', '$.defaultLocale', 'unknown_locale', `"${manifest.defaultLocale}" is not one of locales: ${locales.join(', ')}`);
  }
  manifest.caseTypes.forEach((ct, i) => {
    const base = jp('$.caseTypes', i);
    checkStep('pack.json', jp(base, 'startStep'), ct.startStep);
    checkForm('pack.json', jp(base, 'startForm'), ct.startForm);
    ct.identity?.name?.forEach((p, j) => checkAnswerPath('pack.json', jp(base, 'identity', 'name', j), p));
    if (ct.identity?.dateOfBirth) checkAnswerPath('pack.json', jp(base, 'identity', 'dateOfBirth'), ct.identity.dateOfBirth);
    if (ct.identity?.sex) checkAnswerPath('pack.json', jp(base, 'identity', 'sex'), ct.identity.sex);
    if (ct.riskField) checkAnswerPath('pack.json', jp(base, 'riskField'), ct.riskField);
    checkCaseNumberFormat(ct.caseNumberFormat, locations.levels, (message) => err('pack.json', jp(base, 'caseNumberFormat'), 'case_number_format', message));
  });

  // workflow.json
  workflow.steps.forEach((s, i) => {
    (s.forms ?? []).forEach((f, j) => {
      const p = jp('$.steps', i, 'forms', j);
      checkForm('workflow.json', jp(p, 'form'), f.form);
      if (f.minEntries !== undefined && f.use !== 'repeatable')
        warn('workflow.json', jp(p, 'minEntries'), 'min_entries_ignored', 'minEntries only applies to forms with use "repeatable"');
    });
  });
  workflow.transitions.forEach((t, i) => {
    const base = jp('$.transitions', i);
    if (Array.isArray(t.from)) t.from.forEach((s, j) => checkStep('workflow.json', jp(base, 'from', j), s));
    if (t.to !== PREVIOUS_STEP) checkStep('workflow.json', jp(base, 'to'), t.to);
    t.roles.forEach((r, j) => checkRole('workflow.json', jp(base, 'roles', j), r));
    t.approval?.roles.forEach((r, j) => checkRole('workflow.json', jp(base, 'approval', 'roles', j), r));
    (t.requiresForms ?? []).forEach((f, j) => checkForm('workflow.json', jp(base, 'requiresForms', j), f));
    (t.guards ?? []).forEach((g, j) => checkRuleAt('workflow.json', jp(base, 'guards', j, 'rule'), g.rule));
    (t.effects ?? []).forEach((e, j) => {
      const p = jp(base, 'effects', j);
      if (!effectTypes.has(e.type)) {
        err('workflow.json', jp(p, 'type'), 'unknown_effect', `unknown effect type "${e.type}" (known: ${[...effectTypes].join(', ')})`);
        return;
      }
      if ((e.type === 'set_case_field' || e.type === 'clear_case_field') && (typeof e.field !== 'string' || !e.field)) {
        err('workflow.json', jp(p, 'field'), 'invalid_effect', `effect "${e.type}" needs a "field" (the case field to set)`);
      }
      if (e.type === 'emit_event' && (typeof e.event !== 'string' || !e.event)) {
        err('workflow.json', jp(p, 'event'), 'invalid_effect', 'effect "emit_event" needs an "event" name');
      }
      if (e.type === 'set_case_field' && e.value !== undefined) checkRuleAt('workflow.json', jp(p, 'value'), e.value);
      if (e.type === 'emit_event' && e.data && typeof e.data === 'object') {
        for (const [k, v] of Object.entries(e.data as Record<string, unknown>)) checkRuleAt('workflow.json', jp(p, 'data', k), v);
      }
    });
  });

  // roles.json, security.json
  issues.push(...checkRoles(pack, SPECIAL_RECIPIENTS));
  issues.push(...checkConsentFromForms(pack));
  issues.push(...checkServices(pack));
  issues.push(...checkIntakeQueues(pack));
  issues.push(...checkCaseOpenings(pack, (formId, field) => formById.has(formId) && !!fieldOf(formId, field)));
  issues.push(...checkReporting(pack));
  issues.push(...checkDhis2(pack));
  issues.push(...checkDataQuality(pack, operators));
  issues.push(...checkTiming(pack));

  issues.push(
    ...checkDeadlines(pack, {
      caseTypeIds,
      transitionIds,
      checkStep,
      checkForm,
      checkRole,
      checkRuleAt,
      fieldKind: (formId, field) => {
        const f = fieldOf(formId, field);
        return f ? (fieldTypes.isDate(f.format) ? 'date' : 'other') : undefined;
      },
    }),
  );

  // notifications.json, templates/, and the templates deadlines name.
  issues.push(...checkNotifications(pack));

  // option-lists.json: unique values, a label in every pack locale.
  for (const [listId, options] of Object.entries(optionLists)) {
    const seen = new Set<string>();
    options.forEach((o, i) => {
      const base = jp('$.optionLists', listId, i);
      if (seen.has(o.value)) err('option-lists.json', jp(base, 'value'), 'duplicate_option', `duplicate option value "${o.value}" in list "${listId}"`);
      seen.add(o.value);
      const missing = locales.filter((l) => !o.label[l]);
      if (missing.length) {
        err(
          'option-lists.json',
          jp(base, 'label'),
          'missing_translation',
          `label is missing the ${missing.map((l) => `"${l}"`).join(', ')} translation (pack locales: ${locales.join(', ')})`,
          { languages: missing.join(', ') },
        );
      }
    });
  }

  // forms: x-optionList names a list (the pack's, or its places); the schema compiles (formats, keywords, $refs).
  issues.push(...checkOptionListRefs(pack));
  for (const p of FormCatalogue.check(pack, { fieldTypes })) {
    if (p.message.startsWith('unknown option list')) continue;
    err(formFileName(p.formId, p.version), pointerToJsonPath(p.pointer, '$.schema'), 'form_schema', p.message);
  }

  // organisations.json
  organisations.agencies.forEach((a, i) => checkLocation('organisations.json', jp('$.agencies', i, 'location'), a.location));
  organisations.teams.forEach((t, i) => {
    if (!agencyIds.has(t.agency))
      err('organisations.json', jp('$.teams', i, 'agency'), 'unknown_agency', `agency "${t.agency}" does not exist in organisations.json agencies`);
  });

  // demo-users.json
  demoUsers.forEach((u, i) => {
    const base = jp('$.users', i);
    const F = 'demo-users.json';
    u.roles.forEach((r, j) => checkRole(F, jp(base, 'roles', j), r));
    checkLocation(F, jp(base, 'location'), u.location);
    if (u.agency !== undefined && !agencyIds.has(u.agency))
      err(F, jp(base, 'agency'), 'unknown_agency', `agency "${u.agency}" does not exist in organisations.json`);
    if (u.team !== undefined) {
      if (!teamAgency.has(u.team)) err(F, jp(base, 'team'), 'unknown_team', `team "${u.team}" does not exist in organisations.json`);
      else if (u.agency !== undefined && agencyIds.has(u.agency) && agencyIds.has(teamAgency.get(u.team)!) && teamAgency.get(u.team) !== u.agency) {
        err(F, jp(base, 'team'), 'team_agency_mismatch', `team "${u.team}" belongs to agency "${teamAgency.get(u.team)}", not "${u.agency}"`);
      }
    }
    if (u.locale !== undefined && !locales.includes(u.locale))
      warn(F, jp(base, 'locale'), 'unknown_locale', `"${u.locale}" is not one of the pack locales: ${locales.join(', ')}`);
  });
  // demo-cases.json
  issues.push(...checkDemoCases(pack));

  return issues;
}
