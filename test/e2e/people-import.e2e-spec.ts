/**
 * Many users from a CSV file (issue 20): the dry run reports every bad row with its row (as in the
 * file, header = 1) and column and creates nothing; the real run creates every good row, each with
 * a one-time set-password code shown once, and reports the bad ones. A district administrator's
 * rows beyond their reach are reported, not created.
 */
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';

const HEADER = 'username;name;email;phone;language;roles;location;agency;team';

interface Row {
  username: string;
  name: string;
  email: string;
  roles: string;
  location: string;
  agency?: string;
  team?: string;
}
const line = (r: Row) => [r.username, r.name, r.email, '', 'ro', r.roles, r.location, r.agency ?? 'social_ch', r.team ?? ''].join(';');

/** 1,000 users, 20 of them bad in one cell each (row numbers as in the file: user i is on row i + 2). */
function thousandUsers(): { csv: string; bad: Array<[number, string, string]> } {
  const rows: Row[] = [];
  for (let i = 0; i < 1000; i++) {
    rows.push({ username: `bulk.user${i}`, name: `Utilizator ${i}`, email: `bulk${i}@example.org`, roles: 'caseworker', location: i % 2 ? 'CH01' : 'Codru' });
  }
  const bad: Array<[number, string, string]> = [];
  const spoil = (i: number, change: Partial<Row>, column: string, code: string) => {
    rows[i] = { ...rows[i], ...change };
    bad.push([i + 2, column, code]);
  };
  [10, 110, 210].forEach((i) => spoil(i, { roles: 'caseworker|astronaut' }, 'roles', 'unknown_role'));
  [20, 120, 220].forEach((i) => spoil(i, { location: 'Atlantis' }, 'location', 'unknown_location'));
  [30, 130, 230].forEach((i) => spoil(i, { email: 'not-an-address' }, 'email', 'format'));
  [40, 140, 240].forEach((i) => spoil(i, { username: `bulk.user${i - 1}` }, 'username', 'duplicate_in_file'));
  [50, 150, 250].forEach((i, k) => spoil(i, { username: ['caseworker', 'police', 'doctor'][k] }, 'username', 'username_taken'));
  [60, 160, 260].forEach((i) => spoil(i, { name: '' }, 'name', 'required'));
  [70, 170].forEach((i) => spoil(i, { team: 'st_social_team' }, 'team', 'team_not_of_agency'));
  return { csv: `\uFEFF${HEADER}\r\n${rows.map(line).join('\r\n')}\r\n`, bad: bad.sort((a, b) => a[0] - b[0]) };
}

describe('people import from a CSV file', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let district: { Authorization: string };
  let ds: DataSource;
  const usersCount = async (): Promise<number> => (await ds.query(`SELECT count(*)::int AS n FROM users`))[0].n;
  const auditCount = async (action: string): Promise<number> => (await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = $1`, [action]))[0].n;
  const importing = (who: { Authorization: string }, csv: string, dryRun: boolean, locale = 'en') =>
    t.http.post('/api/people/import').query({ dryRun, locale }).set(who).send({ csv });

  beforeAll(async () => {
    t = await startTestApp('people_import');
    ds = t.app.get(DataSource);
    admin = { Authorization: await t.login('admin') };
    district = { Authorization: await t.login('district_admin') };
  });
  afterAll(() => t?.close());

  it('checks 1,000 users: exactly the 20 bad rows with row and column, nothing created; then creates the 980 good ones', async () => {
    const { csv, bad } = thousandUsers();
    const before = await usersCount();

    const check = await importing(admin, csv, true);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ dryRun: true, rows: 1000, valid: 980, created: 0, passwordCodes: [] });
    expect(check.body.problems.map((p: { row: number; column: string; code: string }) => [p.row, p.column, p.code])).toEqual(bad);
    expect(await usersCount()).toBe(before);
    expect(await auditCount('user.created')).toBe(0);

    const run = await importing(admin, csv, false);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ dryRun: false, rows: 1000, created: 980 });
    expect(run.body.problems.map((p: { row: number; column: string; code: string }) => [p.row, p.column, p.code])).toEqual(bad);
    expect(await usersCount()).toBe(before + 980);
    expect(run.body.passwordCodes).toHaveLength(980);
    expect(run.body.passwordCodes[0]).toMatchObject({ row: 2, username: 'bulk.user0', displayName: 'Utilizator 0' });
    // The place given by its name is stored as its code.
    const [stored] = await ds.query(`SELECT location_code AS "locationCode", roles FROM users WHERE username = 'bulk.user0'`);
    expect(stored.locationCode).toBe('CH02');

    // Each creation audited as one user's is, and one entry counts the import.
    expect(await auditCount('user.created')).toBe(980);
    const [entry] = await ds.query(`SELECT details FROM audit_log WHERE action = 'user.import'`);
    expect(entry.details).toEqual({ rows: 1000, created: 980, refusedRows: 20 });
    expect(JSON.stringify(entry.details)).not.toContain(run.body.passwordCodes[0].code);

    // A created user sets their password with their code, then signs in.
    const { username, code } = run.body.passwordCodes[5];
    const set = await t.http.post('/api/auth/password-reset').send({ code, password: 'lantern-orchard-47-quietly' });
    expect([set.status, set.body]).toEqual([200, { username }]);
    expect((await t.http.post('/api/auth/login').send({ username, password: 'lantern-orchard-47-quietly' })).status).toBe(200);

    // The same file again: every row is now taken or still bad, nothing more is created.
    const again = await importing(admin, csv, true);
    expect(again.body.valid).toBe(0);
  }, 300_000);

  it('reports what a district administrator may not give: a national role, another district', async () => {
    const csv = [
      'username,display_name,email,roles,location',
      'dist.ok,Ana Rusu,ana.rusu@example.org,caseworker,CH01',
      'dist.national,Ion Rusu,ion.rusu@example.org,national_analyst,CH01',
      'dist.elsewhere,Dan Rusu,dan.rusu@example.org,caseworker,ST01',
    ].join('\n');
    const before = await usersCount();
    const check = await importing(district, csv, true);
    expect(check.body.problems.map((p: { row: number; column: string; code: string }) => [p.row, p.column, p.code])).toEqual([
      [3, 'roles', 'role_not_grantable'],
      [4, 'location', 'out_of_scope'],
    ]);
    expect(await usersCount()).toBe(before);

    const run = await importing(district, csv, false);
    expect(run.body).toMatchObject({ created: 1, passwordCodes: [expect.objectContaining({ username: 'dist.ok' })] });
    expect(run.body.problems).toHaveLength(2);
    expect(await usersCount()).toBe(before + 1);
  });

  it('gives every problem of a row, in the language asked for, and refuses a file it cannot read or that is too large', async () => {
    const csv = 'username;name;email;roles;location\nro.one;Ana;ana@ro;astronaut;CH01\nro.one;Ana;ana@example.org;caseworker;CH01\n';
    const ro = await importing(admin, csv, true, 'ro');
    expect(ro.body.problems).toEqual([
      { row: 2, column: 'email', code: 'format', message: 'Nu are formatul așteptat.' },
      { row: 2, column: 'roles', code: 'unknown_role', message: 'Acest rol nu există.' },
      { row: 3, column: 'username', code: 'duplicate_in_file', message: 'Rândul 2 din fișier are deja acest nume de utilizator.' },
    ]);

    const before = await usersCount();
    const unreadable = await importing(admin, 'username,colour\nana,red\n', false, 'fr');
    expect([unreadable.status, unreadable.body.code]).toEqual([422, 'people_import_unreadable']);
    expect(unreadable.body.errors.map((e: { keyword: string }) => e.keyword)).toEqual(['unknown_column', 'missing_column', 'missing_column', 'missing_column']);
    const tooMany = await importing(admin, 'username,name,roles,location\n' + 'a.b,c,caseworker,CH01\n'.repeat(5001), false);
    expect([tooMany.status, tooMany.body.code]).toEqual([413, 'people_import_too_large']);
    expect(await usersCount()).toBe(before);
  });

  it('is for people administrators only', async () => {
    const caseworker = { Authorization: await t.login('caseworker') };
    expect((await importing(caseworker, 'username,name,roles,location\nx.y,X,caseworker,CH01\n', true)).status).toBe(403);
  });
});
