import { DomainError, readCsv, registerErrorCodes, type FieldError } from '@app/core';
import type { LocationNode, SopPack, Translated } from '@app/pack-types';
import { reachProblems, type Grant } from './administer-scope';
import type { PersonInput } from './person-fields';
import { personFields } from './person-fields';

/** The largest file one import takes: larger ones are refused whole (split them). */
export const PEOPLE_IMPORT_LIMITS = { rows: 5000, characters: 1_000_000 } as const;

export enum PeopleImportErrorCode {
  /** More rows or characters than PEOPLE_IMPORT_LIMITS. */
  TooLarge = 'people_import_too_large',
  /** The file cannot be read as a list of users: no header, a missing or unknown column, an unclosed quote (`errors[]` say which). */
  Unreadable = 'people_import_unreadable',
}

registerErrorCodes({
  [PeopleImportErrorCode.TooLarge]: { status: 413, title: 'The file has too many users' },
  [PeopleImportErrorCode.Unreadable]: { status: 422, title: 'The file cannot be read as a list of users' },
});

/** What is wrong with one cell of the file; `code` is stable (the same keywords as creating one user), `message` in English. */
export interface ImportProblem {
  row: number;
  column: string;
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

/** A row read from the file: what it asks to create, and which header names its fields came from. */
export interface ImportRow {
  row: number;
  input: PersonInput;
}

type Field = 'username' | 'displayName' | 'email' | 'phone' | 'locale' | 'roles' | 'location' | 'agency' | 'team';

/** A file as read: its users (`count`), every row as a user to check, every well-formed username (for taken and twice in the file), the problems of form. */
export interface PeopleFile {
  count: number;
  rows: ImportRow[];
  usernames: Array<{ row: number; username: string }>;
  problems: ImportProblem[];
  columns: ImportColumns;
}

/** Header names a spreadsheet may use for each field (compared without case, spaces or dashes). */
const COLUMN_NAMES: Record<Field, string[]> = {
  username: ['username', 'user_name', 'login'],
  displayName: ['display_name', 'displayname', 'name', 'full_name'],
  email: ['email', 'e_mail', 'mail'],
  phone: ['phone', 'telephone', 'mobile'],
  locale: ['language', 'locale', 'lang'],
  roles: ['roles', 'role'],
  location: ['location', 'place'],
  agency: ['agency', 'organisation', 'organization'],
  team: ['team'],
};
/** The header name the file used for each field it has. */
export type ImportColumns = Partial<Record<Field, string>>;

const REQUIRED_COLUMNS: Field[] = ['username', 'displayName', 'roles', 'location'];

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,49}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{4,28}$/;

const normalName = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
const labelsOf = (t: Translated | undefined): string[] => Object.values(t ?? {}).filter((v): v is string => typeof v === 'string');

/** The id whose id or label in any language is `value`; the value itself when none or several match (the pack check then names it). */
function idByName<T>(items: readonly T[], value: string, id: (t: T) => string, label: (t: T) => Translated): string {
  if (items.some((t) => id(t) === value)) return value;
  const byLabel = items.filter((t) => labelsOf(label(t)).some((l) => same(l.trim(), value)));
  return byLabel.length === 1 ? id(byLabel[0]) : value;
}

function places(root: LocationNode): LocationNode[] {
  return [root, ...(root.children ?? []).flatMap(places)];
}

function fail(code: PeopleImportErrorCode, message: string, errors: FieldError[] = []): never {
  throw new DomainError(code, message, errors.length > 0 ? { errors } : {});
}

/**
 * The file's rows as users to create, with the problems of form found while reading them (missing
 * or malformed cells; such a row is still checked against the pack, so all its problems come at once). Roles, places, agencies and teams may be given by id or by their label in any
 * language of the pack. Throws 413/422 when the file as a whole cannot be taken. Pure.
 */
export function readPeopleFile(pack: SopPack, csv: string): PeopleFile {
  if (csv.length > PEOPLE_IMPORT_LIMITS.characters)
    fail(PeopleImportErrorCode.TooLarge, `The file is larger than ${PEOPLE_IMPORT_LIMITS.characters} characters.`);
  const { records, unclosedQuote } = readCsv(csv);
  if (unclosedQuote !== null) {
    fail(PeopleImportErrorCode.Unreadable, `A quote opened on row ${unclosedQuote} never closes.`, [
      { path: `/csv/${unclosedQuote}`, keyword: 'unclosed_quote', message: 'a quote opens here and never closes', params: { row: unclosedQuote } },
    ]);
  }
  const [header, ...body] = records;
  if (!header || body.length === 0) fail(PeopleImportErrorCode.Unreadable, 'The file has no header row or no users.');
  if (body.length > PEOPLE_IMPORT_LIMITS.rows) fail(PeopleImportErrorCode.TooLarge, `The file has more than ${PEOPLE_IMPORT_LIMITS.rows} users.`);

  const columns: ImportColumns = {};
  const index = new Map<Field, number>();
  const headerErrors: FieldError[] = [];
  header.cells.forEach((raw, i) => {
    const name = normalName(raw);
    const field = (Object.keys(COLUMN_NAMES) as Field[]).find((f) => COLUMN_NAMES[f].includes(name));
    if (!field || index.has(field))
      headerErrors.push({ path: `/columns/${raw.trim()}`, keyword: 'unknown_column', message: `"${raw.trim()}" is not a column of a user` });
    else {
      index.set(field, i);
      columns[field] = raw.trim();
    }
  });
  for (const f of REQUIRED_COLUMNS) {
    if (!index.has(f))
      headerErrors.push({ path: `/columns/${COLUMN_NAMES[f][0]}`, keyword: 'missing_column', message: `the column "${COLUMN_NAMES[f][0]}" is missing` });
  }
  if (headerErrors.length > 0) fail(PeopleImportErrorCode.Unreadable, 'The header row does not name the columns of a user.', headerErrors);

  const problems: ImportProblem[] = [];
  const usernames: PeopleFile['usernames'] = [];
  const all = places(pack.locations.root);
  const rows = body.flatMap(({ row, cells }) => {
    const cell = (f: Field) => (index.has(f) ? (cells[index.get(f)!] ?? '').trim() : '');
    const bad = (f: Field, code: string, message: string, params?: ImportProblem['params']) =>
      problems.push({ row, column: columns[f] ?? COLUMN_NAMES[f][0], code, message, ...(params ? { params } : {}) });
    const username = cell('username').toLowerCase();
    if (!username) bad('username', 'required', 'is missing');
    else if (!USERNAME.test(username)) bad('username', 'format', 'use 3 to 50 lower-case letters, digits, dots, dashes or underscores');
    else usernames.push({ row, username });
    const displayName = cell('displayName');
    if (!displayName) bad('displayName', 'required', 'is missing');
    else if (displayName.length > 200) bad('displayName', 'maxLength', 'is longer than 200 characters', { limit: 200 });
    const email = cell('email');
    if (email && (email.length > 254 || !EMAIL.test(email))) bad('email', 'format', 'is not an e-mail address');
    const phone = cell('phone');
    if (phone && !PHONE.test(phone)) bad('phone', 'format', 'is not a phone number');
    const roles = cell('roles')
      .split(/[|;]/)
      .map((r) => r.trim())
      .filter(Boolean);
    if (roles.length === 0) bad('roles', 'required', 'is missing');
    const location = cell('location');
    if (!location) bad('location', 'required', 'is missing');
    const agency = cell('agency');
    const team = cell('team');
    const language = cell('locale');
    const input: PersonInput = {
      username,
      displayName,
      email: email || null,
      phone: phone || null,
      locale: language ? language.toLowerCase() : pack.manifest.defaultLocale,
      roles: roles.map((r) =>
        idByName(
          pack.roles,
          r,
          (x) => x.id,
          (x) => x.label,
        ),
      ),
      location: idByName(
        all,
        location,
        (p) => p.code,
        (p) => p.name,
      ),
      agency: agency
        ? idByName(
            pack.organisations.agencies,
            agency,
            (a) => a.id,
            (a) => a.name,
          )
        : null,
      team: team
        ? idByName(
            pack.organisations.teams,
            team,
            (t) => t.id,
            (t) => t.name,
          )
        : null,
    };
    return [{ row, input }];
  });
  return { count: body.length, rows, usernames, problems, columns };
}

/** A field error's path (`/roles/1`, `/location`) as the file's column. */
export function columnOf(path: string, columns: ImportColumns): string {
  const field = path.split('/')[1] as Field;
  return columns[field] ?? COLUMN_NAMES[field]?.[0] ?? field;
}

/**
 * What creating this row's user would refuse, before touching the database: the pack's rules
 * (personFields) and the administrator's reach, with the same keywords as creating one user
 * (unknown_role, out_of_scope, role_not_grantable...). Empty when the row may be created. Pure.
 */
export function rowProblems(pack: SopPack, grants: readonly Grant[], row: ImportRow, columns: ImportColumns): ImportProblem[] {
  const at = (e: FieldError): ImportProblem => ({ row: row.row, column: columnOf(e.path, columns), code: e.keyword ?? 'invalid', message: e.message });
  let fields;
  try {
    fields = personFields(pack, row.input);
  } catch (e) {
    if (e instanceof DomainError && Array.isArray(e.extra.errors)) return e.extra.errors.map(at);
    throw e;
  }
  // The same rule as PeopleService applies to one user (administer-scope.ts).
  return reachProblems(pack, grants, { roles: fields.roles, agencyId: fields.agencyId, locationPath: fields.locationPath }).map(at);
}

/** Rows whose username an earlier row of the file already has (the first one stays). */
export function duplicatesInFile(usernames: PeopleFile['usernames'], columns: ImportColumns): ImportProblem[] {
  const first = new Map<string, number>();
  return usernames.flatMap(({ row, username }) => {
    const earlier = first.get(username);
    if (earlier === undefined) {
      first.set(username, row);
      return [];
    }
    return [
      { row, column: columns.username ?? 'username', code: 'duplicate_in_file', message: `row ${earlier} already has this username`, params: { row: earlier } },
    ];
  });
}
