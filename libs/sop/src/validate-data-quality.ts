import { fieldSchemaOf } from '@app/forms';
import { checkRule, defaultOperators, isOperation, type OperatorRegistry } from '@app/rules';
import type { SopPack, Translated } from '@app/pack-types';
import { jp, type IssueParams, PackIssue } from './pack-issue';

const F = 'data-quality.json';

/**
 * data-quality.json's references: unique ids, the form (listed in pack.json) and field each check
 * points at, case types, rule operators, answer paths the rule reads, and translated texts. The
 * message is what a worker reads when the check stops or warns them, so a missing translation in
 * the pack's default language is an error; in its other languages, a warning (they fall back).
 */
export function checkDataQuality(pack: SopPack, operators: OperatorRegistry = defaultOperators()): PackIssue[] {
  const issues: PackIssue[] = [];
  const err = (path: string, code: string, message: string, params?: IssueParams) => issues.push({ file: F, path, code, message, severity: 'error', params });
  const warn = (path: string, code: string, message: string, params?: IssueParams) =>
    issues.push({ file: F, path, code, message, severity: 'warning', params });
  const listed = new Set(pack.manifest.forms.map((f) => f.id));
  const forms = new Map(pack.forms.map((f) => [f.id, f]));
  const caseTypes = new Set(pack.manifest.caseTypes.map((c) => c.id));
  const { locales, defaultLocale } = pack.manifest;
  const hasField = (formId: string, field: string) => !!fieldSchemaOf(forms.get(formId)!.schema, field);

  const translated = (path: string, text: Translated, what: string) => {
    if (!text[defaultLocale])
      err(path, 'missing_translation', `the ${what} has no "${defaultLocale}" text (the pack's default language)`, {
        languages: defaultLocale,
      });
    const missing = locales.filter((l) => l !== defaultLocale && !text[l]);
    if (missing.length)
      warn(
        path,
        'missing_translation',
        `the ${what} is missing the ${missing.map((l) => `"${l}"`).join(', ')} translation (those readers get "${defaultLocale}")`,
        { languages: missing.join(', ') },
      );
  };

  const seen = new Map<string, number>();
  (pack.dataQuality ?? []).forEach((c, i) => {
    const base = jp('$.checks', i);
    if (seen.has(c.id)) err(jp(base, 'id'), 'duplicate_id', `duplicate check id "${c.id}" (already used at ${jp('$.checks', seen.get(c.id)!)})`);
    else seen.set(c.id, i);

    if (!listed.has(c.form)) err(jp(base, 'form'), 'unknown_form', `form "${c.form}" is not listed in pack.json forms`);
    else if (c.field !== undefined && forms.has(c.form) && !hasField(c.form, c.field)) {
      err(jp(base, 'field'), 'unknown_field', `form "${c.form}" has no field "${c.field}"`);
    }
    (c.caseTypes ?? []).forEach((t, j) => {
      if (!caseTypes.has(t)) err(jp(base, 'caseTypes', j), 'unknown_case_type', `case type "${t}" does not exist in pack.json caseTypes`);
    });

    for (const p of checkRule(c.rule, operators)) {
      const sub = p.path.startsWith('$') ? p.path.slice(1) : p.path ? `.${p.path}` : '';
      err(jp(base, 'rule') + sub, p.code === 'bad_arguments' ? 'rule_bad_arguments' : 'unknown_operator', p.message);
    }
    // A misspelt answer path reads nothing, and the check then silently passes or fails on every case.
    for (const { path, value } of answerPaths(c.rule, jp(base, 'rule'))) {
      const [, formId, ...rest] = value.split('.');
      if (!listed.has(formId)) warn(path, 'unknown_answer_path', `"${value}" reads form "${formId}", which is not listed in pack.json forms`);
      else if (value.startsWith('forms.') && rest.length && forms.has(formId) && !hasField(formId, rest.join('.'))) {
        warn(path, 'unknown_answer_path', `"${value}" reads a field that form "${formId}" does not have`);
      }
    }

    translated(jp(base, 'label'), c.label, 'label');
    translated(jp(base, 'message'), c.message, 'message');
  });
  return issues;
}

/** Literal `var` paths under `forms.` and `formEntries.` (with their JSON paths); computed ones cannot be checked. */
function answerPaths(rule: unknown, path: string): Array<{ path: string; value: string }> {
  const out: Array<{ path: string; value: string }> = [];
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}[${i}]`));
    if (!isOperation(node)) return;
    const [name] = Object.keys(node);
    const raw = node[name];
    const opPath = `${at}.${name}`;
    if (name === 'var') {
      const target = Array.isArray(raw) ? raw[0] : raw;
      const targetPath = Array.isArray(raw) ? `${opPath}[0]` : opPath;
      if (typeof target === 'string' && /^(forms|formEntries)\.[^.]+/.test(target)) {
        // formEntries.<form>.<n>.<field>: the entry index is not a field.
        out.push({ path: targetPath, value: target.startsWith('formEntries.') ? target.split('.').slice(0, 2).join('.') : target });
      }
    }
    if (Array.isArray(raw)) raw.forEach((a, i) => walk(a, `${opPath}[${i}]`));
    else walk(raw, opPath);
  };
  walk(rule, path);
  return out;
}
