/**
 * Importing existing records (issue 23): an administrator saves a mapping of a file's columns to the
 * registration form; the dry run of 1,000 rows with 20 bad ones (five kinds) reports exactly those
 * with row and column and creates nothing; the import creates the other 980 cases with their numbers
 * and deadlines; a second run creates none; a run stopped between batches continues without
 * duplicates; an XLSX workbook with the same content gives the same result.
 */
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { CaseImportRunner, CaseImportService } from '@app/case-import';
import { startTestApp, type TestApp } from '../support/app';

const HEADER = ['old_id', 'first', 'last', 'sex', 'born', 'consent', 'assent', 'idnp', 'languages'];

/** `count` rows, 20 of them bad in one cell each (row numbers as in the file: record i is on row i + 2). */
function records(count: number, prefix: string): { rows: string[][]; bad: Array<[number, string, string]> } {
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    rows.push([
      `${prefix}-${i}`,
      `Ana${i}`,
      `Import${prefix}`,
      i % 2 ? 'female' : 'Masculin',
      `${day}.05.2014`,
      i % 3 ? 'Given' : 'given',
      'Dat',
      '',
      i % 5 ? 'ro' : 'ro|Rusă',
    ]);
  }
  const bad: Array<[number, string, string]> = [];
  const spoil = (i: number, column: string, value: string, code: string) => {
    rows[i][HEADER.indexOf(column)] = value;
    bad.push([i + 2, column, code]);
  };
  [11, 211, 411, 611].forEach((i) => spoil(i, 'sex', 'Unknown', 'unknown_option'));
  [22, 222, 422, 622].forEach((i) => spoil(i, 'born', '31.02.2015', 'bad_date'));
  [33, 233, 433, 633].forEach((i) => spoil(i, 'first', '', 'required'));
  [44, 244, 444, 644].forEach((i) => spoil(i, 'idnp', '123', 'pattern'));
  [55, 255, 455, 655].forEach((i) => spoil(i, 'old_id', `${prefix}-${i - 1}`, 'duplicate_in_file'));
  return { rows, bad: bad.sort((a, b) => a[0] - b[0]) };
}

const csvOf = (rows: string[][]) => `\uFEFF${[HEADER, ...rows].map((r) => r.join(';')).join('\r\n')}\r\n`;

async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('cases');
  for (const r of [HEADER, ...rows]) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('importing existing records from CSV and XLSX', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let ds: DataSource;
  let mappingId: string;
  const count = async (sql: string, params: unknown[] = []): Promise<number> => (await ds.query(sql, params))[0].n;
  const casesOf = (prefix: string) => count(`SELECT count(*)::int AS n FROM cases WHERE answers->'registration'->>'last_name' = $1`, [`Import${prefix}`]);
  const withDeadlines = (prefix: string) =>
    count(`SELECT count(DISTINCT c.id)::int AS n FROM cases c JOIN deadlines d ON d.case_id = c.id WHERE c.answers->'registration'->>'last_name' = $1`, [
      `Import${prefix}`,
    ]);
  const file = (fileName: string, content: Buffer) => ({ mappingId, fileName, content: content.toString('base64') });
  const finished = async (jobId: string) => {
    const until = Date.now() + 240_000;
    for (;;) {
      expect(Date.now()).toBeLessThan(until);
      const res = await t.http.get(`/api/case-imports/jobs/${jobId}`).set(admin);
      expect(res.status).toBe(200);
      if (res.body.state === 'done' || res.body.state === 'failed') return res.body;
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const problemsOf = (body: { problems: Array<{ row: number; column: string; code: string }> }) => body.problems.map((p) => [p.row, p.column, p.code]);

  beforeAll(async () => {
    t = await startTestApp('case_import', { bodyLimit: '5mb' });
    ds = t.app.get(DataSource);
    admin = { Authorization: await t.login('admin') };
    const saved = await t.http
      .post('/api/case-imports/mappings')
      .set(admin)
      .send({
        name: 'Old register',
        caseType: 'child_protection',
        externalIdColumn: 'old_id',
        registrar: 'caseworker',
        columns: [
          { column: 'first', field: 'first_name' },
          { column: 'last', field: 'last_name' },
          { column: 'sex', field: 'sex' },
          { column: 'born', field: 'date_of_birth', dateFormat: 'DD.MM.YYYY' },
          { column: 'consent', field: 'consent_status' },
          { column: 'assent', field: 'assent_status' },
          { column: 'idnp', field: 'idnp' },
          { column: 'languages', field: 'languages' },
        ],
      });
    expect(saved.status).toBe(200);
    mappingId = saved.body.id;
  }, 120_000);
  afterAll(() => t?.close());

  it('refuses a mapping to a field the start form lacks, and everyone but administrators', async () => {
    const bad = await t.http
      .post('/api/case-imports/mappings')
      .set(admin)
      .send({ name: 'x', caseType: 'child_protection', externalIdColumn: 'id', registrar: 'caseworker', columns: [{ column: 'a', field: 'no_such_field' }] });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('case_import_mapping_invalid');
    const caseworker = { Authorization: await t.login('caseworker') };
    expect((await t.http.get('/api/case-imports/jobs').set(caseworker)).status).toBe(403);
  });

  it('dry run of 1,000 rows: exactly the 20 bad ones with row and column, creates nothing; the import creates 980 with deadlines; again creates none', async () => {
    const { rows, bad } = records(1000, 'CSV');
    const csv = Buffer.from(csvOf(rows));

    const check = await t.http.post('/api/case-imports/dry-run').set(admin).send(file('old.csv', csv));
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ rows: 1000, valid: 980, alreadyImported: 0 });
    expect(problemsOf(check.body)).toEqual(bad);
    expect(await casesOf('CSV')).toBe(0);

    const started = await t.http.post('/api/case-imports/jobs').set(admin).send(file('old.csv', csv));
    expect(started.status).toBe(202);
    const done = await finished(started.body.id);
    expect(done).toMatchObject({ state: 'done', total: 1000, position: 1000, created: 980, skipped: 0, failed: 20 });
    expect(problemsOf(done)).toEqual(bad);
    expect(await casesOf('CSV')).toBe(980);
    expect(await withDeadlines('CSV')).toBe(980);
    const audited = await ds.query(`SELECT action, details FROM audit_log WHERE action LIKE 'case_import.%'`);
    expect(audited.map((a: { action: string }) => a.action).sort()).toEqual([
      'case_import.dry_run',
      'case_import.finished',
      'case_import.mapping_saved',
      'case_import.started',
    ]);
    expect(audited.find((a: { action: string }) => a.action === 'case_import.finished').details).toMatchObject({ state: 'done', created: 980, failed: 20 });
    // Numbered as registration numbers them, the option given by its Romanian label stored as its code.
    const one = (
      await ds.query(`SELECT case_number, answers FROM cases c JOIN case_import_external_ids x ON x.case_id = c.id WHERE x.external_id = 'CSV-0'`)
    )[0];
    expect(one.case_number).toMatch(/^MD-/);
    expect(one.answers.registration).toMatchObject({ sex: 'male', date_of_birth: '2014-05-01', languages: ['ro', 'ru'], consent_status: 'given' });

    const recheck = await t.http.post('/api/case-imports/dry-run').set(admin).send(file('old.csv', csv));
    expect(recheck.body).toMatchObject({ valid: 0, alreadyImported: 980 });
    const again = await t.http.post('/api/case-imports/jobs').set(admin).send(file('old.csv', csv));
    expect(await finished(again.body.id)).toMatchObject({ state: 'done', created: 0, skipped: 980, failed: 20 });
    expect(await casesOf('CSV')).toBe(980);
  }, 600_000);

  it('gives each case the owner its row names (blank: nobody; an unknown username is a bad row)', async () => {
    const saved = await t.http
      .post('/api/case-imports/mappings')
      .set(admin)
      .send({
        name: 'With owners',
        caseType: 'child_protection',
        externalIdColumn: 'id',
        registrar: 'caseworker',
        assignee: { column: 'owner' },
        columns: [
          { column: 'first', field: 'first_name' },
          { column: 'last', field: 'last_name' },
          { column: 'sex', field: 'sex' },
          { column: 'born', field: 'date_of_birth' },
          { column: 'consent', field: 'consent_status' },
          { column: 'assent', field: 'assent_status' },
        ],
      });
    expect(saved.status).toBe(200);
    const csv = Buffer.from(
      [
        'id,first,last,sex,born,consent,assent,owner',
        'W-1,Ana,Owned,female,2015-01-02,given,given,caseworker3',
        'W-2,Ion,Owned,male,2015-01-03,given,given,nobody.here',
        'W-3,Vera,Owned,female,2015-01-04,given,given,',
      ].join('\n'),
    );
    const body = { mappingId: saved.body.id, fileName: 'owners.csv', content: csv.toString('base64') };
    const check = await t.http.post('/api/case-imports/dry-run').set(admin).send(body);
    expect(problemsOf(check.body)).toEqual([[3, 'owner', 'user_inactive']]);
    const job = await t.http.post('/api/case-imports/jobs').set(admin).send(body);
    expect(await finished(job.body.id)).toMatchObject({ state: 'done', created: 2, failed: 1 });
    const owners = await ds.query(
      `SELECT x.external_id, u.username FROM case_import_external_ids x JOIN cases c ON c.id = x.case_id LEFT JOIN users u ON u.id = c.assigned_to WHERE x.external_id LIKE 'W-%' ORDER BY 1`,
    );
    expect(owners).toEqual([
      { external_id: 'W-1', username: 'caseworker3' },
      { external_id: 'W-3', username: null },
    ]);
  }, 120_000);

  it('an XLSX workbook with the same content: the same bad rows, and a run stopped after its first batch continues without duplicates', async () => {
    const { rows, bad } = records(1000, 'XLSX');
    const xlsx = await xlsxOf(rows);

    const check = await t.http.post('/api/case-imports/dry-run').set(admin).send(file('old.xlsx', xlsx));
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ rows: 1000, valid: 980 });
    expect(problemsOf(check.body)).toEqual(bad);

    // The job is queued, then run for one batch only, as if the process died after it.
    const runner = t.app.get(CaseImportRunner);
    const job = await t.app
      .get(CaseImportService)
      .startJob({ id: (await ds.query(`SELECT id FROM users WHERE username = 'admin'`))[0].id, roles: ['administrator'] } as never, mappingId, {
        fileName: 'old.xlsx',
        content: xlsx,
      });
    // Another process holding the job (an API replica running it): this one leaves it alone.
    const other = ds.createQueryRunner();
    await other.connect();
    await other.query(`SELECT pg_advisory_lock(hashtextextended('case_import:' || $1, 0))`, [job.id]);
    await runner.start(job.id);
    expect((await t.http.get(`/api/case-imports/jobs/${job.id}`).set(admin)).body).toMatchObject({ state: 'queued', position: 0 });
    await other.query(`SELECT pg_advisory_unlock(hashtextextended('case_import:' || $1, 0))`, [job.id]);
    await other.release();

    await runner.start(job.id, { batches: 1 });
    const halfway = (await t.http.get(`/api/case-imports/jobs/${job.id}`).set(admin)).body;
    expect(halfway).toMatchObject({ state: 'running', position: 500 });
    const createdFirst = await casesOf('XLSX');
    expect(createdFirst).toBe(halfway.created);

    // A restart continues every unfinished job from its position.
    await runner.resumeUnfinished();
    expect(await finished(job.id)).toMatchObject({ state: 'done', position: 1000, created: 980, failed: 20 });
    expect(problemsOf(await finished(job.id))).toEqual(bad);
    expect(await casesOf('XLSX')).toBe(980);
    expect(await withDeadlines('XLSX')).toBe(980);
  }, 600_000);
});
