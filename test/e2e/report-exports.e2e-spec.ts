import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '@app/identity';
import { CaseExportService } from '@app/reporting';
import { SopRegistry } from '@app/sop-registry';
import { startTestApp, TestApp } from '../support/app';
import { ReportSeed } from '../support/report-seed';

/** RFC 4180 CSV → rows of fields (quotes, doubled quotes, line breaks inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const binary = (res: any, cb: (e: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function readXlsx(buf: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as any);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = Array.from((row.values as any[]).slice(1), (v) => (v === undefined || v === null ? '' : String(v)));
  });
  return Array.from(rows, (r) => r ?? []);
}

/**
 * Exports on a seeded Moldova data set:
 *   CH01 caseworker : Ana, Bogdan, Cristina (5–9, high, Mar) · "=HYPERLINK" child (10–14, Apr)
 *                     · a notification assigned to them, carrying registration answers they may not read
 *   CH01 caseworker3: Dan (0–4, placed in foster care) · Elena (15–17, closed)
 *   ST01 caseworker2: Felix, Gina (Strășeni team)
 */
describe('Reporting: exports (Moldova, seeded data set)', () => {
  let t: TestApp;
  let ds: DataSource;
  const get = async (who: string, url: string, query: Record<string, string> = {}) =>
    t.http
      .get(url)
      .query({ locale: 'en', ...query })
      .set('authorization', await t.login(who));
  const csv = async (who: string, url: string, query: Record<string, string> = {}) => {
    const res = await get(who, url, query);
    expect(res.status).toBe(200);
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(res.text.slice(1));
    return { res, header: rows[0], rows: rows.slice(1), col: (name: string) => rows[0].indexOf(name) };
  };
  const reg = (first: string, extra: Record<string, unknown> = {}) => ({
    registration: {
      first_name: first,
      last_name: 'Rusu',
      idnp: `2001${first.length}00000000`,
      address: `Str. ${first} 5, Bubuieci`,
      disability: true,
      caregiver_relationship: 'mother',
      ...extra,
    },
  });

  beforeAll(async () => {
    t = await startTestApp('report-exports', { start: new Date('2026-06-15T10:00:00Z') });
    const sop = await t.app.get(SopRegistry).current();
    ds = t.app.get(DataSource);
    const seed = new ReportSeed(ds, sop.pack, sop.versionId);
    const ch = { agency: 'social_ch', team: 'ch_social_team', location: 'CH01' };
    for (const [i, name] of ['Ana', 'Bogdan', 'Cristina'].entries()) {
      await seed.cases(1, {
        ...ch,
        assignedTo: 'caseworker',
        sex: 'female',
        dateOfBirth: '2018-01-01',
        risk: 'high',
        displayName: `${name} Rusu`,
        registeredAt: `2026-03-1${i}T09:00:00Z`,
        answers: { ...reg(name), initial_assessment: { risk_level: 'high' } },
      });
    }
    await seed.cases(1, {
      ...ch,
      assignedTo: 'caseworker',
      sex: 'male',
      dateOfBirth: '2013-01-01',
      registeredAt: '2026-04-02T09:00:00Z',
      displayName: 'Evil',
      answers: reg('=HYPERLINK("http://evil.example","x")'),
    });
    await seed.cases(1, {
      caseType: 'notification',
      step: 'notification_received',
      location: 'CH01',
      assignedTo: 'caseworker',
      displayName: null,
      registeredAt: '2026-04-03T09:00:00Z',
      answers: { ...reg('Hidden'), notification: { reporter_name: 'Neighbour' } },
    });
    await seed.cases(1, {
      ...ch,
      assignedTo: 'caseworker3',
      sex: 'male',
      dateOfBirth: '2023-05-01',
      risk: 'high',
      displayName: 'Dan Rusu',
      registeredAt: '2026-05-10T09:00:00Z',
      answers: { ...reg('Dan'), placement: { placement_type: 'foster_care', placement_date: '2026-05-12', carer_name: 'Maria Carer' } },
    });
    await seed.cases(1, {
      ...ch,
      assignedTo: 'caseworker3',
      sex: 'female',
      dateOfBirth: '2010-06-01',
      risk: 'medium',
      status: 'closed',
      step: 'closed',
      displayName: 'Elena Rusu',
      registeredAt: '2026-02-10T09:00:00Z',
      answers: { ...reg('Elena'), closure: { closure_reason: 'needs_met', closure_date: '2026-05-20', summary: 'Family doing well' } },
    });
    const st = { agency: 'social_st', team: 'st_social_team', location: 'ST01', assignedTo: 'caseworker2', sex: 'female', dateOfBirth: '2019-03-01' };
    await seed.cases(1, { ...st, displayName: 'Felix Lungu', registeredAt: '2026-03-05T09:00:00Z', answers: reg('Felix') });
    await seed.cases(1, { ...st, displayName: 'Gina Lungu', registeredAt: '2026-03-06T09:00:00Z', answers: reg('Gina') });
  });

  afterAll(() => t?.close());

  it("gives a supervisor the team's case list with names, in registration order, with the row count first", async () => {
    const { res, header, rows, col } = await csv('supervisor', '/api/reports/exports/cases');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="cases-2026-06-15.csv"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-export-rows']).toBe('6');
    expect(header.slice(0, 10)).toEqual([
      'Case number',
      'Case type',
      'Status',
      'Step',
      'Risk level',
      'Registered at',
      'Closed at',
      'Location code',
      'Location',
      'Assigned worker',
    ]);
    expect(header).toEqual(expect.arrayContaining(['First name', 'Personal identification number (IDNP)', 'The child has a disability']));
    expect(rows.map((r) => r[col('First name')])).toEqual(['Elena', 'Ana', 'Bogdan', 'Cristina', expect.stringContaining('HYPERLINK'), 'Dan']);
    const ana = rows[1];
    expect(ana[col('Case type')]).toBe('Child protection case');
    expect(ana[col('Risk level')]).toBe('High');
    expect(ana[col('Registered at')]).toBe('2026-03-10 11:00'); // Europe/Chisinau
    expect(ana[col('Location')]).toBe('Bubuieci');
    expect(ana[col('Assigned worker')]).toBe('Elena Cojocaru');
    expect(ana[col('Personal identification number (IDNP)')]).toBe('2001300000000');
    expect(ana[col('The child has a disability')]).toBe('Yes');
    expect(ana[col("Caregiver's relationship to the child")]).toBe('Mother');
    expect(rows[5][col('Type of placement')]).toBe('Foster care');
    expect(rows[0][col('Status')]).toBe('Closed');
    expect(rows[0][col('Reason for closure')]).toBe('Needs met, case plan goals achieved');
    // Free text that is not a declared export column never leaves.
    expect(res.text).not.toContain('Str. Ana');
    expect(res.text).not.toContain('Family doing well');
  });

  it('neutralises a formula typed into an answer', async () => {
    const { rows, col } = await csv('supervisor', '/api/reports/exports/cases');
    expect(rows[4][col('First name')]).toBe('\'=HYPERLINK("http://evil.example","x")');
  });

  it('gives a caseworker only their own cases, and leaves empty what they may not read on a case', async () => {
    const { res, rows, col } = await csv('caseworker', '/api/reports/exports/cases');
    expect(res.headers['x-export-rows']).toBe('5');
    expect(rows.map((r) => r[col('First name')])).toEqual(['Ana', 'Bogdan', 'Cristina', expect.stringContaining('HYPERLINK'), '']);
    const notification = rows[4];
    expect(notification[col('Case type')]).toBe('Notification');
    // The answers are stored on the case, but the worker's rules on a notification open its notification form only.
    for (const h of ['Last name', 'Personal identification number (IDNP)', 'The child has a disability']) expect(notification[col(h)]).toBe('');
    expect(res.text).not.toContain('Hidden');
  });

  it('applies the filters and refuses unknown ones before any byte', async () => {
    expect((await csv('supervisor', '/api/reports/exports/cases', { status: 'closed' })).rows.map((r) => r[0])).toHaveLength(1);
    const march = await csv('supervisor', '/api/reports/exports/cases', { from: '2026-03-01', to: '2026-03-31' });
    expect(march.res.headers['x-export-rows']).toBe('3');
    expect((await csv('supervisor', '/api/reports/exports/cases', { location: 'ST' })).rows).toEqual([]);
    const bad = await get('supervisor', '/api/reports/exports/cases', { caseType: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('bad_report_query');
    expect(bad.headers['content-disposition']).toBeUndefined();
    expect((await get('supervisor', '/api/reports/exports/cases', { format: 'pdf' })).status).toBe(400);
  });

  it('filters the de-identified export only as coarsely as its columns: whole months, districts', async () => {
    const url = '/api/reports/exports/cases-deidentified';
    expect((await get('analyst', url, { from: '2026-03-01', to: '2026-03-31', location: 'CH' })).status).toBe(200);
    for (const [query, param] of [
      [{ from: '2026-03-02' }, '/from'],
      [{ to: '2026-03-30' }, '/to'],
      [{ location: 'CH01' }, '/location'],
    ] as const) {
      const res = await get('analyst', url, query);
      expect([res.status, res.body.code, res.body.errors?.[0]?.path]).toEqual([400, 'bad_report_query', param]);
    }
  });

  it('refuses the case list to roles without export, and every export to a teacher', async () => {
    for (const who of ['district', 'analyst', 'teacher']) {
      const res = await get(who, '/api/reports/exports/cases');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('export_not_permitted');
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    for (const url of ['/api/reports/exports/cases-deidentified', '/api/reports/indicators/cases_registered/export']) {
      const res = await get('teacher', url);
      expect(res.status).toBe(403);
    }
    expect((await get('supervisor', '/api/reports/exports/cases-deidentified')).body.code).toBe('export_not_permitted');
  });

  it('gives the analyst de-identified rows: pseudonyms, age bands, months, districts, coded answers they may read', async () => {
    const first = await csv('analyst', '/api/reports/exports/cases-deidentified');
    const { res, header, rows, col } = first;
    expect(res.headers['x-export-rows']).toBe('9');
    expect(res.headers['content-disposition']).toBe('attachment; filename="cases-deidentified-2026-06-15.csv"');
    expect(header).toEqual([
      'Pseudonymous id',
      'Case type',
      'Status',
      'Step',
      'Risk level',
      'Sex',
      'Age at registration',
      'Registration month',
      'Closure month',
      'Location code (district)',
      'Location (district)',
      'The child has a disability',
      'Initial assessment: Risk level',
      'Type of placement',
      'Date of placement',
      'Reason for closure',
      'Date of closure',
    ]);
    // Every column but the pseudonym (random hex, which may happen to contain "2001").
    const shown = rows.map((r) => r.slice(1).join(',')).join('\n');
    for (const text of ['Ana', 'Rusu', 'SEED-', 'Bubuieci', 'Elena Cojocaru', 'Str.', '2001', 'HYPERLINK', '2026-03-10', 'Maria Carer', 'Family doing well']) {
      expect(shown).not.toContain(text);
    }
    const ids = rows.map((r) => r[0]);
    expect(ids.every((id) => /^[0-9a-f]{20}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(9);
    const again = await csv('analyst', '/api/reports/exports/cases-deidentified');
    expect(again.rows.map((r) => r[0])).toEqual(ids);

    const ana = rows[3]; // Elena (Feb), Felix and Gina (Strășeni, 5-6 March) come first
    expect(ana[col('Age at registration')]).toBe('5–9');
    expect(ana[col('Registration month')]).toBe('2026-03');
    expect(ana[col('Sex')]).toBe('Female');
    expect(ana[col('Location code (district)')]).toBe('CH');
    expect(ana[col('Location (district)')]).toBe('Chișinău');
    // The analyst's rules do not open registration.disability nor the dates: empty although answered.
    expect(ana[col('The child has a disability')]).toBe('');
    const dan = rows.find((r) => r[col('Type of placement')] === 'Foster care')!;
    expect(dan[col('Age at registration')]).toBe('0–4');
    expect(dan[col('Date of placement')]).toBe('');
    const elena = rows[0];
    expect(elena[col('Closure month')]).toBe('2026-02');
    expect(elena[col('Reason for closure')]).toBe('Needs met, case plan goals achieved');
    expect(rows.filter((r) => r[col('Location code (district)')] === 'ST')).toHaveLength(2);
  });

  it('computes pseudonyms inside PostgreSQL, whose key the application role cannot read', async () => {
    const { rows } = await csv('analyst', '/api/reports/exports/cases-deidentified');
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('SET ROLE cmis_app');
      await expect(qr.query('SELECT key FROM report_pseudonym_key')).rejects.toThrow(/permission denied/);
      const [ana] = await qr.query(`SELECT report_pseudonym(id) AS p FROM cases WHERE display_name = 'Ana Rusu'`);
      expect(rows.map((r) => r[0])).toContain(ana.p);
    } finally {
      await qr.query('RESET ROLE').catch(() => undefined);
      await qr.release();
    }
  });

  it("gives a district authority its district's de-identified rows, with the dates it may read kept to the month", async () => {
    const { rows, col } = await csv('district', '/api/reports/exports/cases-deidentified', { caseType: 'child_protection' });
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r[col('Location code (district)')] === 'CH')).toBe(true);
    expect(rows.find((r) => r[col('Type of placement')] === 'Foster care')![col('Date of placement')]).toBe('2026-05');
    expect(rows[0][col('Date of closure')]).toBe('2026-05');
    expect(rows[1][col('The child has a disability')]).toBe('Yes');
  });

  it('writes the same table as XLSX, read back cell for cell', async () => {
    for (const [who, url] of [
      ['supervisor', '/api/reports/exports/cases'],
      ['analyst', '/api/reports/exports/cases-deidentified'],
    ]) {
      const text = await csv(who, url);
      const x = await t.http
        .get(url)
        .query({ locale: 'en', format: 'xlsx' })
        .set('authorization', await t.login(who))
        .buffer(true)
        .parse(binary as any);
      expect(x.status).toBe(200);
      expect(x.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(x.headers['x-export-rows']).toBe(text.res.headers['x-export-rows']);
      const sheet = await readXlsx(x.body);
      // XLSX keeps a formula-looking answer as it is (an inline string is never run); CSV quotes it.
      const unquote = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);
      const expected = [text.header, ...text.rows].map((r) => r.map(unquote));
      expect(sheet.map((r) => [...r, ...Array(expected[0].length - r.length).fill('')])).toEqual(expected);
    }
  });

  it('exports an indicator table as on screen, suppressed cells as "*" with a note, for the analyst', async () => {
    const screen = await get('analyst', '/api/reports/indicators/cases_registered', { by: 'ageBand', from: '2026-01-01', to: '2026-12-31' });
    const { res, header, rows } = await csv('analyst', '/api/reports/indicators/cases_registered/export', {
      by: 'ageBand',
      from: '2026-01-01',
      to: '2026-12-31',
    });
    expect(res.headers['content-disposition']).toBe('attachment; filename="indicator-cases_registered-2026-06-15.csv"');
    expect(header).toEqual(['Age at registration', 'Count']);
    const table = rows.slice(0, screen.body.cells.length);
    for (const [i, cell] of screen.body.cells.entries()) {
      expect(table[i]).toEqual([screen.body.dimensions[0].values[i].label, cell.suppressed ? '*' : String(cell.value)]);
    }
    expect(table.some((r) => r[1] === '*')).toBe(true);
    expect(rows[screen.body.cells.length]).toEqual(['Total', screen.body.total.suppressed ? '*' : String(screen.body.total.value)]);
    const notes = rows.slice(screen.body.cells.length + 1).map((r) => r.join(','));
    expect(notes.join('\n')).toContain('* Suppressed: fewer than 5');
    expect(notes.join('\n')).toContain('Period: 2026-01-01 – 2026-12-31');
    expect(Number(res.headers['x-export-rows'])).toBe(rows.length);

    const x = await t.http
      .get('/api/reports/indicators/cases_registered/export')
      .query({ format: 'xlsx', by: 'ageBand', locale: 'en' })
      .set('authorization', await t.login('analyst'))
      .buffer(true)
      .parse(binary as any);
    expect(x.status).toBe(200);
    expect((await readXlsx(x.body))[0]).toEqual(['Age at registration', 'Count']);
    // The supervisor reads every name in scope: nothing to suppress, and "export" suffices.
    const sup = await csv('supervisor', '/api/reports/indicators/cases_registered/export', { by: 'ageBand' });
    expect(sup.rows.some((r) => r[1] === '*')).toBe(false);
  });

  it('audits every export, refused ones included', async () => {
    const entries: any[] = await ds.query(`SELECT a.outcome, a.fields, a.details, u.username FROM audit_log a JOIN users u ON u.id = a.actor_id
      WHERE a.action = 'report.export' ORDER BY a.seq`);
    const sup = entries.find(
      (e) => e.username === 'supervisor' && e.details.kind === 'cases' && e.details.format === 'csv' && !Object.keys(e.details.filters).length,
    );
    expect(sup).toMatchObject({ outcome: 'allowed', details: { rows: 6, expectedRows: 6, complete: true } });
    expect(sup.details.columns).toEqual(expect.arrayContaining(['caseNumber', 'registration.first_name', 'registration.idnp']));
    expect(sup.fields).toEqual(expect.arrayContaining(['registration.idnp']));
    expect(entries.filter((e) => e.username === 'analyst' && e.details.kind === 'cases_deidentified' && e.outcome === 'allowed').length).toBeGreaterThanOrEqual(
      2,
    );
    expect(entries.find((e) => e.username === 'district' && e.details.kind === 'cases')).toMatchObject({ outcome: 'denied' });
    expect(entries.find((e) => e.username === 'analyst' && e.details.kind === 'indicator')).toMatchObject({ outcome: 'allowed', details: { complete: true } });
    expect(entries.find((e) => e.username === 'teacher' && e.details.kind === 'indicator')).toMatchObject({ outcome: 'denied' });
  });

  it('stops querying when the destination goes away, and records the export as incomplete', async () => {
    const [row] = await ds.query(
      `SELECT id, username, display_name, roles, agency_id, team_id, location_code, location_path, locale FROM users WHERE username = 'analyst'`,
    );
    const analyst: CurrentUser = {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      roles: row.roles,
      agencyId: row.agency_id,
      teamId: row.team_id,
      locationCode: row.location_code,
      locationPath: row.location_path,
      locale: row.locale,
    };
    let writes = 0;
    // A client that reads the header and the first batch, then hangs up.
    const out = new Writable({
      highWaterMark: 1,
      write(_chunk, _e, cb) {
        writes++;
        if (writes === 2) setImmediate(() => this.destroy());
        setTimeout(cb, 5);
      },
    });
    const started: number[] = [];
    await expect(
      t.app.get(CaseExportService).export(analyst, 'en', { kind: 'deidentified', format: 'csv', batchSize: 2 }, { out, start: (m) => started.push(m.rows) }),
    ).rejects.toThrow();
    expect(started).toEqual([9]);
    expect(writes).toBeLessThanOrEqual(3);
    // One actor's entries share a chain, whose seq orders them.
    const [entry] = await ds.query(`SELECT details FROM audit_log WHERE action = 'report.export' AND actor_id = $1 ORDER BY seq DESC LIMIT 1`, [analyst.id]);
    expect(entry.details).toMatchObject({ kind: 'cases_deidentified', complete: false, stoppedBy: 'client', expectedRows: 9 });
    expect(entry.details.rows).toBeLessThan(9);
  });
});
