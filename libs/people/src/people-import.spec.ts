import { DomainError, readCsv } from '@app/core';
import type { RoleDef, SopPack } from '@app/pack-types';
import { grantsOf } from './administer-scope';
import { duplicatesInFile, PEOPLE_IMPORT_LIMITS, readPeopleFile, rowProblems } from './people-import';

const role = (id: string, label: string, administer?: RoleDef['administer']): RoleDef => ({
  id,
  label: { en: label, ro: `${label} (ro)` },
  rules: [],
  ...(administer ? { administer } : {}),
});
const pack = {
  manifest: { locales: ['en', 'ro'], defaultLocale: 'ro' },
  roles: [
    role('caseworker', 'Caseworker'),
    role('analyst', 'Analyst'),
    role('admin', 'Administrator', true),
    role('district_admin', 'District admin', { scope: 'district', roles: ['caseworker'] }),
  ],
  locations: {
    levels: ['country', 'district'],
    root: {
      code: 'MD',
      level: 'country',
      name: { en: 'Moldova' },
      children: [
        { code: 'CH', level: 'district', name: { en: 'Chisinau', ro: 'municipiul Chișinău' } },
        { code: 'ST', level: 'district', name: { en: 'Straseni' } },
      ],
    },
  },
  organisations: { agencies: [{ id: 'social_ch', name: { en: 'Social services' }, location: 'CH' }], teams: [] },
} as unknown as SopPack;

describe('readCsv', () => {
  it('reads quoted cells with delimiters, doubled quotes and line breaks inside', () => {
    const { records } = readCsv('a,b,c\n"x, y","say ""hi""","two\nlines"\n');
    expect(records).toEqual([
      { row: 1, cells: ['a', 'b', 'c'] },
      { row: 2, cells: ['x, y', 'say "hi"', 'two\nlines'] },
    ]);
  });

  it('takes semicolons when the header has more of them than commas (French and Romanian spreadsheets)', () => {
    const { records, delimiter } = readCsv('name;email\n"Popescu, Ana";ana@example.org\n');
    expect(delimiter).toBe(';');
    expect(records[1].cells).toEqual(['Popescu, Ana', 'ana@example.org']);
  });

  it('drops a UTF-8 byte order mark and reads CRLF, LF and CR line ends alike', () => {
    const { records } = readCsv('\uFEFFusername,name\r\nana,Ana\rion,Ion\nvlad,Vlad');
    expect(records.map((r) => r.cells)).toEqual([
      ['username', 'name'],
      ['ana', 'Ana'],
      ['ion', 'Ion'],
      ['vlad', 'Vlad'],
    ]);
  });

  it('numbers rows as in the file, blank lines counted but left out', () => {
    const { records } = readCsv('h\n\nx\n ,\ny\n');
    expect(records.map((r) => [r.row, r.cells[0]])).toEqual([
      [1, 'h'],
      [3, 'x'],
      [5, 'y'],
    ]);
  });

  it('names the row of a quote that never closes', () => {
    expect(readCsv('a\n"b\nc\n').unclosedQuote).toBe(2);
  });
});

describe('readPeopleFile', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return [(e as DomainError).code, (e as DomainError).extra.errors?.map((x) => x.keyword)];
    }
    return null;
  };

  it('maps columns by their usual names, roles by id or label, places and agencies by code or name', () => {
    const { rows, problems } = readPeopleFile(
      pack,
      'User name;Full name;E-mail;Language;Roles;Place;Agency\nana;Ana Pop;ana@example.org;EN;"Caseworker (ro)|analyst";municipiul chișinău;Social services\nion;Ion;ion@example.org;;caseworker;ST;\n',
    );
    expect(problems).toEqual([]);
    expect(rows[0]).toEqual({
      row: 2,
      input: {
        username: 'ana',
        displayName: 'Ana Pop',
        email: 'ana@example.org',
        phone: null,
        locale: 'en',
        roles: ['caseworker', 'analyst'],
        location: 'CH',
        agency: 'social_ch',
        team: null,
      },
    });
    // No language: the pack's default.
    expect(rows[1].input).toMatchObject({ locale: 'ro', location: 'ST', agency: null });
  });

  it('reports missing and malformed cells by row and column, as the file names the column', () => {
    const { rows, problems } = readPeopleFile(
      pack,
      'username,name,email,roles,location\nAna Maria,,not-an-email,,CH\nok.user,Ok,ok@example.org,caseworker,CH\n',
    );
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'username', 'format'],
      [2, 'name', 'required'],
      [2, 'email', 'format'],
      [2, 'roles', 'required'],
    ]);
    // Still read as a user, so the pack's checks can name the row's other problems.
    expect(rows.map((r) => r.row)).toEqual([2, 3]);
  });

  it('refuses a header without the needed columns or with unknown ones, and files over the limit', () => {
    expect(code(() => readPeopleFile(pack, 'username,name,colour\nana,Ana,red\n'))).toEqual([
      'people_import_unreadable',
      ['unknown_column', 'missing_column', 'missing_column'],
    ]);
    expect(code(() => readPeopleFile(pack, 'username,name,roles,location\n'))).toEqual(['people_import_unreadable', undefined]);
    expect(code(() => readPeopleFile(pack, 'username,name,roles,location\n"ana,Ana\n'))).toEqual(['people_import_unreadable', ['unclosed_quote']]);
    const many = 'username,name,roles,location\n' + 'a,b,c,d\n'.repeat(PEOPLE_IMPORT_LIMITS.rows + 1);
    expect(code(() => readPeopleFile(pack, many))).toEqual(['people_import_too_large', undefined]);
    expect(code(() => readPeopleFile(pack, 'username,name,roles,location\n' + 'a,b,c,d\n'.repeat(PEOPLE_IMPORT_LIMITS.rows)))).toBeNull();
  });
});

describe('row checks', () => {
  const file = (body: string) => readPeopleFile(pack, `username,name,email,roles,location\n${body}`);
  const districtAdmin = grantsOf(pack, { roles: ['district_admin'], agencyId: null, locationPath: 'MD/CH/' });

  it('names unknown roles and places, a missing contact, and what a district administrator may not give', () => {
    const { rows, columns } = file(
      'a.one,A,,nurse,XX\nb.two,B,b@example.org,analyst,CH\nc.three,C,c@example.org,caseworker,ST\nd.four,D,d@example.org,caseworker,CH\n',
    );
    const found = rows.map((r) => rowProblems(pack, districtAdmin, r, columns).map((p) => [p.row, p.column, p.code]));
    expect(found).toEqual([
      [
        [2, 'roles', 'unknown_role'],
        [2, 'location', 'unknown_location'],
        [2, 'email', 'contact_required'],
      ],
      [[3, 'roles', 'role_not_grantable']],
      [[4, 'location', 'out_of_scope']],
      [],
    ]);
  });

  it('reports a username the file already had on an earlier row, keeping the first (a malformed row counts too)', () => {
    const { usernames, columns } = file(
      'ana,A,a@example.org,caseworker,CH\nion,I,bad-email,,CH\nion,I,i@example.org,caseworker,CH\nANA,A2,a2@example.org,caseworker,CH\n',
    );
    expect(duplicatesInFile(usernames, columns)).toEqual([
      { row: 4, column: 'username', code: 'duplicate_in_file', message: 'row 3 already has this username', params: { row: 3 } },
      { row: 5, column: 'username', code: 'duplicate_in_file', message: 'row 2 already has this username', params: { row: 2 } },
    ]);
  });
});
