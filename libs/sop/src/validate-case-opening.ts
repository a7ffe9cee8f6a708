import type { SopPack } from '@app/pack-types';
import { jp, PackIssue } from './pack-issue';

/**
 * pack.json caseTypes[].openFrom: the other case type exists (and is not this one), each carried
 * answer goes from a field of that type's start form to a field of this type's start form, and
 * both fields exist.
 */
export function checkCaseOpenings(pack: SopPack, fieldExists: (formId: string, field: string) => boolean): PackIssue[] {
  const issues: PackIssue[] = [];
  const err = (path: string, code: string, message: string) => issues.push({ file: 'pack.json', path, code, message, severity: 'error' });
  const types = pack.manifest.caseTypes;
  types.forEach((ct, i) => {
    (ct.openFrom ?? []).forEach((o, j) => {
      const base = jp('$.caseTypes', i, 'openFrom', j);
      const from = types.find((t) => t.id === o.caseType);
      if (!from || from.id === ct.id) {
        err(jp(base, 'caseType'), 'unknown_case_type', `"${o.caseType}" is not another case type of pack.json`);
        return;
      }
      const side = (value: string, formId: string, path: string, what: string) => {
        const [form, ...rest] = value.split('.');
        const field = rest.join('.');
        if (form !== formId) err(path, 'bad_field_path', `${what} must be a field of the start form "${formId}" (written ${formId}.<field>)`);
        else if (!field || !fieldExists(formId, field)) err(path, 'unknown_field', `form "${formId}" has no field "${field}"`);
      };
      for (const [to, fromPath] of Object.entries(o.answers)) {
        const path = jp(base, 'answers', to);
        side(to, ct.startForm, path, `"${to}"`);
        side(fromPath, from.startForm, path, `"${fromPath}"`);
      }
    });
  });
  return issues;
}
