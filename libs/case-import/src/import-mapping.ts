import type { SopPack, Translated } from '@app/pack-types';

/** The date layouts a column may state (what spreadsheets of the pack's countries write). */
export const DATE_FORMATS = ['YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** One column of the file feeding one field of the case type's start form. */
export interface ColumnMapping {
  column: string;
  field: string;
  /** For a date field: how the file writes it (default YYYY-MM-DD). */
  dateFormat?: DateFormat;
}

/** A saved mapping: how a file's columns become the start form of one case type, registered as `registrar`. */
export interface ImportMapping {
  caseType: string;
  columns: ColumnMapping[];
  /** The column holding the record's id in the old system: a row already imported is skipped. */
  externalIdColumn: string;
  /** Username of the account the cases are registered as (its place, team and numbering). */
  registrar: string;
  /** Who owns each case: the case type's rule (default: the registrar where it says `creator`), nobody, or the user a column names (blank: nobody). */
  assignee?: 'rule' | 'nobody' | { column: string };
}

/** What is wrong with one cell (row as a spreadsheet shows it, header = 1; column by its header name). */
export interface RowProblem {
  row: number;
  column: string;
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

type FieldKind = 'text' | 'option' | 'options' | 'date' | 'yes_no' | 'number' | 'integer';

/** A start-form field as a column can feed it. */
export interface ImportField {
  id: string;
  label: Translated;
  kind: FieldKind;
  required: boolean;
  /** For option fields: each option's code and its labels. */
  options?: Array<{ value: string; label: Translated }>;
}

const labelsOf = (t: Translated | undefined): string[] => Object.values(t ?? {}).filter((v): v is string => typeof v === 'string');
const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/** The top-level fields of a case type's start form, with what a cell must hold for each. Pure. */
export function importFields(pack: SopPack, caseType: string): ImportField[] {
  const type = pack.manifest.caseTypes.find((t) => t.id === caseType);
  const form = type && pack.forms.find((f) => f.id === type.startForm);
  if (!form) return [];
  const schema = form.schema as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([id, p]) => {
    const items = (p.items ?? {}) as Record<string, unknown>;
    const list = (p['x-optionList'] ?? items['x-optionList']) as string | undefined;
    const kind: FieldKind =
      p.type === 'array' && list
        ? 'options'
        : list
          ? 'option'
          : p.format === 'date'
            ? 'date'
            : p.type === 'boolean'
              ? 'yes_no'
              : p.type === 'integer'
                ? 'integer'
                : p.type === 'number'
                  ? 'number'
                  : 'text';
    const label = (p['x-label'] as Translated | undefined) ?? { en: (p.title as string | undefined) ?? id };
    return { id, label, kind, required: required.has(id), ...(list ? { options: pack.optionLists[list] ?? [] } : {}) };
  });
}

/** A date written in `format`, as YYYY-MM-DD; null when it is not a real date in that layout. Pure. */
export function parseDate(text: string, format: DateFormat = 'YYYY-MM-DD'): string | null {
  const m = /^(\d{1,4})[-./](\d{1,2})[-./](\d{1,4})$/.exec(text.trim());
  if (!m) return null;
  const [a, b, c] = [m[1], m[2], m[3]];
  const sep = text.trim()[a.length];
  const expected = format === 'YYYY-MM-DD' ? '-' : format === 'DD.MM.YYYY' ? '.' : '/';
  if (sep !== expected) return null;
  const [y, mo, d] = format === 'YYYY-MM-DD' ? [a, b, c] : format === 'MM/DD/YYYY' ? [c, a, b] : [c, b, a];
  if (y.length !== 4) return null;
  const iso = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

const YES = ['yes', 'true', '1', 'y', 'oui', 'da', 'نعم'];
const NO = ['no', 'false', '0', 'n', 'non', 'nu', 'لا'];

/** An option's code from its code or its label in any of the pack's languages; null when none matches. */
function optionOf(field: ImportField, text: string): string | null {
  const found = (field.options ?? []).find((o) => o.value === text) ?? (field.options ?? []).find((o) => labelsOf(o.label).some((l) => same(l, text)));
  return found ? found.value : null;
}

type Cell = { ok: true; value: unknown } | { ok: false; code: string; params?: Record<string, string | number>; message: string };

/** Reads one cell as the field's value (a blank cell: no answer). Pure. */
export function readCell(field: ImportField, text: string, dateFormat?: DateFormat): Cell | null {
  const t = text.trim();
  if (t === '') return null;
  switch (field.kind) {
    case 'option': {
      const v = optionOf(field, t);
      return v !== null ? { ok: true, value: v } : { ok: false, code: 'unknown_option', params: { value: t }, message: `"${t}" is not one of the options` };
    }
    case 'options': {
      const parts = t
        .split(/[|;]/)
        .map((p) => p.trim())
        .filter(Boolean);
      const values = parts.map((p) => optionOf(field, p));
      const bad = parts.find((_, i) => values[i] === null);
      return bad === undefined
        ? { ok: true, value: values }
        : { ok: false, code: 'unknown_option', params: { value: bad }, message: `"${bad}" is not one of the options` };
    }
    case 'date': {
      // An ISO date is always taken: XLSX date cells are read as one.
      const v = parseDate(t, dateFormat) ?? (/^\d{4}-\d{2}-\d{2}$/.test(t) ? parseDate(t) : null);
      const format = dateFormat ?? 'YYYY-MM-DD';
      return v ? { ok: true, value: v } : { ok: false, code: 'bad_date', params: { format }, message: `is not a date written ${format}` };
    }
    case 'yes_no': {
      const low = t.toLowerCase();
      if (YES.includes(low)) return { ok: true, value: true };
      if (NO.includes(low)) return { ok: true, value: false };
      return { ok: false, code: 'not_yes_no', message: 'is neither yes nor no' };
    }
    case 'number':
    case 'integer': {
      const n = Number(t.replace(',', '.'));
      if (!Number.isFinite(n) || (field.kind === 'integer' && !Number.isInteger(n))) return { ok: false, code: 'not_a_number', message: 'is not a number' };
      return { ok: true, value: n };
    }
    default:
      return { ok: true, value: t };
  }
}

/** The header's index of each mapped column, and the mapped columns missing from the header. Pure. */
export function headerPlan(mapping: ImportMapping, header: string[]): { index: Map<string, number>; missing: string[] } {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!index.has(h.trim())) index.set(h.trim(), i);
  });
  const assignee = typeof mapping.assignee === 'object' ? [mapping.assignee.column] : [];
  const wanted = [mapping.externalIdColumn, ...assignee, ...mapping.columns.map((c) => c.column)];
  return { index, missing: wanted.filter((c) => !index.has(c)) };
}

/** One row read through a mapping: its external id, the start form's answers, and what is wrong with its cells. */
export interface MappedRow {
  row: number;
  externalId: string;
  /** The assignee column's username (blank: nobody); undefined without such a column. */
  assigneeName?: string;
  /** The owner to give the case instead of the case type's rule (null: nobody); undefined: the rule. */
  assignTo?: string | null;
  answers: Record<string, unknown>;
  problems: RowProblem[];
}

/**
 * Reads a row's cells into start-form answers: options by code or label, dates in the column's
 * format, yes/no, numbers; a required field left blank and a missing external id are problems here
 * (the form's JSON Schema is checked afterwards, on the answers). Pure.
 */
export function mapRow(fields: ImportField[], mapping: ImportMapping, index: Map<string, number>, row: number, cells: string[]): MappedRow {
  const problems: RowProblem[] = [];
  const cell = (column: string) => cells[index.get(column) ?? -1] ?? '';
  const externalId = cell(mapping.externalIdColumn).trim();
  if (!externalId) problems.push({ row, column: mapping.externalIdColumn, code: 'required', message: 'is required' });
  const answers: Record<string, unknown> = {};
  const byId = new Map(fields.map((f) => [f.id, f]));
  for (const c of mapping.columns) {
    const field = byId.get(c.field);
    if (!field) continue;
    const read = readCell(field, cell(c.column), c.dateFormat);
    if (read === null) {
      if (field.required) problems.push({ row, column: c.column, code: 'required', message: 'is required' });
    } else if (read.ok) answers[field.id] = read.value;
    else problems.push({ row, column: c.column, code: read.code, message: read.message, ...(read.params ? { params: read.params } : {}) });
  }
  const assigneeName = typeof mapping.assignee === 'object' ? cell(mapping.assignee.column).trim() : undefined;
  return { row, externalId, answers, problems, ...(assigneeName !== undefined ? { assigneeName } : {}) };
}

/** The column a form error's path (`/field/...`) came from; the first mapped column when it names no mapped field. Pure. */
export function columnOfPath(mapping: ImportMapping, path: string): string {
  const field = path.split('/').filter(Boolean)[0];
  return mapping.columns.find((c) => c.field === field)?.column ?? mapping.columns[0]?.column ?? mapping.externalIdColumn;
}

/** A mapping's own mistakes against the pack: unknown case type or fields, a date format on a field that is no date. Pure. */
export function mappingProblems(pack: SopPack, mapping: ImportMapping): Array<{ path: string; message: string }> {
  if (!pack.manifest.caseTypes.some((t) => t.id === mapping.caseType)) return [{ path: '/caseType', message: 'unknown case type' }];
  const fields = new Map(importFields(pack, mapping.caseType).map((f) => [f.id, f]));
  const problems: Array<{ path: string; message: string }> = [];
  const seen = new Set<string>();
  mapping.columns.forEach((c, i) => {
    const f = fields.get(c.field);
    if (!f) problems.push({ path: `/columns/${i}/field`, message: 'not a field of the start form' });
    else if (c.dateFormat && f.kind !== 'date') problems.push({ path: `/columns/${i}/dateFormat`, message: 'the field is not a date' });
    if (seen.has(c.field)) problems.push({ path: `/columns/${i}/field`, message: 'field mapped twice' });
    seen.add(c.field);
  });
  return problems;
}
