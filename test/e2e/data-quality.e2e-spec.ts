import type { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { createDataSource } from '@app/database';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * The Moldova pack's data-quality checks (sops/moldova/data-quality.json) through the real API:
 * errors refuse answers at entry and save nothing, warnings save and say so, and the data-quality
 * report lists failing records (never names) only to people who may read the case and fix the field.
 */
describe('Data quality: checks at entry and the report', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let owner: DataSource;
  // Monday 2 March 2026, 08:00 UTC.
  const t0 = new Date('2026-03-02T08:00:00Z');
  const child = (first: string, dob = '2016-05-11') => ({
    first_name: first,
    last_name: 'Calancea',
    sex: 'female',
    date_of_birth: dob,
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  });
  const caseCount = async () => Number((await owner.query('SELECT count(*) AS n FROM cases'))[0].n);
  const report = async (user: string, query = '') => t.http.get(`/api/data-quality${query}`).set(await api.as(user));
  const ids: Record<string, { id: string; caseNumber: string }> = {};

  beforeAll(async () => {
    t = await startTestApp('data_quality', { start: t0 });
    api = casesClient(t);
    // The schema owner, to simulate data entered before a check existed (entry would refuse it now).
    owner = createDataSource(t.db.url, 2);
    await owner.initialize();
  });
  afterAll(async () => {
    await owner?.destroy();
    await t?.close();
  });

  describe('at entry', () => {
    it('refuses to register a child born in the future, naming the field, and saves nothing', async () => {
      const before = await caseCount();
      const res = await t.http
        .post('/api/cases?locale=fr')
        .set(await api.as('caseworker'))
        .send({ caseType: 'child_protection', answers: child('Ana', '2026-06-01') });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        code: 'data_quality_failed',
        checks: [{ id: 'birth_date_not_future', field: 'date_of_birth', message: "La date de naissance est postérieure à aujourd'hui. Vérifiez la date." }],
        errors: [{ path: '/date_of_birth', message: "La date de naissance est postérieure à aujourd'hui. Vérifiez la date." }],
      });
      expect(await caseCount()).toBe(before);
    });

    it("registers a child whose age is implausible with a warning, in the user's language", async () => {
      const res = await api.register('caseworker', 'child_protection', child('Bianca', '2007-01-15'));
      expect(res.status).toBe(201);
      expect(res.body.warnings).toEqual([
        {
          id: 'child_under_18',
          field: 'date_of_birth',
          message: 'With this date of birth the person was 18 or older when the case was registered. Check the date of birth: the mechanism protects children.',
        },
      ]);
      ids.adult = { id: res.body.id, caseNumber: res.body.caseNumber };
      const plain = await api.register('caseworker', 'child_protection', child('Corina'));
      expect([plain.status, plain.body.warnings]).toEqual([201, []]);
      ids.plain = { id: plain.body.id, caseNumber: plain.body.caseNumber };
    });

    it('refuses a closure dated before the registration; a draft keeps work in progress', async () => {
      const id = ids.plain.id;
      expect((await api.transition('caseworker', id, 'start_assessment')).status).toBe(200);
      // Drafts run only the warning checks: an incomplete or not yet corrected closure is kept.
      const draft = await api.fill('caseworker', id, 'closure', { closure_reason: 'needs_met', closure_date: '2026-12-31' }, 'draft');
      expect([draft.status, draft.body.warnings]).toEqual([200, []]);
      const version = await api.version('caseworker', id);

      const early = await api.fill('caseworker', id, 'closure', { closure_reason: 'needs_met', closure_date: '2026-02-27', summary: 'Needs met.' });
      expect(early.status).toBe(422);
      expect(early.body.code).toBe('data_quality_failed');
      expect(early.body.checks).toEqual([expect.objectContaining({ id: 'closure_after_registration', field: 'closure_date' })]);
      const future = await api.fill('caseworker', id, 'closure', { closure_reason: 'needs_met', closure_date: '2026-03-20', summary: 'Needs met.' });
      expect(future.body.checks.map((c: any) => c.id)).toEqual(['closure_date_not_future']);
      // Nothing was saved: same version, the stored closure is still the draft.
      expect(await api.version('caseworker', id)).toBe(version);
      const stored = await owner.query(`SELECT status, answers FROM form_submissions WHERE case_id = $1 AND form_id = 'closure'`, [id]);
      expect(stored).toEqual([{ status: 'draft', answers: { closure_reason: 'needs_met', closure_date: '2026-12-31' } }]);

      // Registered on 2 March: a closure the same day is fine.
      const ok = await api.fill('caseworker', id, 'closure', { closure_reason: 'needs_met', closure_date: '2026-03-02', summary: 'Needs met.' });
      expect([ok.status, ok.body.warnings]).toEqual([200, []]);
    });
  });

  describe('the report', () => {
    beforeAll(async () => {
      // Older data, entered before the checks (or with another pack version): a future date of birth, and a closure before registration.
      const reg = await api.register('caseworker', 'child_protection', child('Dorina'));
      ids.future = { id: reg.body.id, caseNumber: reg.body.caseNumber };
      await owner.query(
        `UPDATE form_submissions SET answers = jsonb_set(answers, '{date_of_birth}', '"2027-01-01"') WHERE case_id = $1 AND form_id = 'registration'`,
        [ids.future.id],
      );
      await owner.query(
        `UPDATE form_submissions SET answers = jsonb_set(answers, '{closure_date}', '"2026-02-01"') WHERE case_id = $1 AND form_id = 'closure'`,
        [ids.plain.id],
      );
      // A failing case of another agency (Strășeni).
      const other = await api.register('caseworker2', 'child_protection', child('Elena'));
      await owner.query(
        `UPDATE form_submissions SET answers = jsonb_set(answers, '{date_of_birth}', '"2027-02-02"') WHERE case_id = $1 AND form_id = 'registration'`,
        [other.body.id],
      );
      ids.other = { id: other.body.id, caseNumber: other.body.caseNumber };
    });

    const failing = (body: any) => Object.fromEntries(body.checks.filter((c: any) => c.failing > 0).map((c: any) => [c.id, c.failing]));
    const listed = (body: any) => body.items.map((i: any) => `${i.caseNumber} ${i.check}`).sort();

    it('lists to the caseworker who may fix them the failing records of their cases, without names', async () => {
      const res = await report('caseworker');
      expect(res.status).toBe(200);
      expect(listed(res.body)).toEqual(
        [
          `${ids.adult.caseNumber} child_under_18`,
          `${ids.future.caseNumber} birth_date_not_future`,
          `${ids.plain.caseNumber} closure_after_registration`,
        ].sort(),
      );
      expect(failing(res.body)).toEqual({ birth_date_not_future: 1, child_under_18: 1, closure_after_registration: 1 });
      expect(res.body.items.find((i: any) => i.check === 'birth_date_not_future')).toEqual({
        caseId: ids.future.id,
        caseNumber: ids.future.caseNumber,
        caseType: 'child_protection',
        check: 'birth_date_not_future',
        label: 'Date of birth in the future',
        severity: 'error',
        form: 'registration',
        field: 'date_of_birth',
        message: 'The date of birth is after today. Check the date.',
      });
      expect(res.body).toMatchObject({ truncated: false, limit: 500, scanLimitReached: false });
      // Every check of the pack is counted, failing or not.
      expect(res.body.checks.map((c: any) => c.id)).toContain('transfer_elsewhere');
      const text = JSON.stringify(res.body);
      for (const name of ['Bianca', 'Dorina', 'Corina', 'Calancea']) expect(text).not.toContain(name);
    });

    it('filters by check, caps the list and says so, and refuses an unknown check', async () => {
      const one = await report('caseworker', '?check=birth_date_not_future');
      expect([listed(one.body), one.body.checks.map((c: any) => c.id)]).toEqual([
        [`${ids.future.caseNumber} birth_date_not_future`],
        ['birth_date_not_future'],
      ]);
      const capped = await report('caseworker', '?limit=1');
      expect([capped.body.items.length, capped.body.truncated, failing(capped.body).child_under_18]).toEqual([1, true, 1]);
      const unknown = await report('caseworker', '?check=no_such_check');
      expect([unknown.status, unknown.body.code]).toEqual([404, 'data_quality_check_unknown']);
      expect((await report('caseworker', '?limit=501')).status).toBe(400);
    });

    it('shows a supervisor only what they may fix (the closure), not the registration answers', async () => {
      const res = await report('supervisor');
      expect(listed(res.body)).toEqual([`${ids.plain.caseNumber} closure_after_registration`]);
    });

    it('shows nothing to those who read the cases but may not fill the fields, nor to another agency', async () => {
      for (const user of ['district', 'analyst', 'auditor', 'police']) {
        const res = await report(user);
        expect([user, res.status, res.body.items]).toEqual([user, 200, []]);
        expect(failing(res.body)).toEqual({});
      }
      const other = await report('caseworker2');
      expect(listed(other.body)).toEqual([`${ids.other.caseNumber} birth_date_not_future`]);
    });

    it('is audited: the report and each case it listed', async () => {
      const rows: Array<{ details: any }> = await owner.query(`SELECT details FROM audit_log WHERE action = 'data_quality.report'`);
      // Nine reports served (a refused request lists nothing).
      expect(rows.length).toBe(9);
      // The caseworker's first, unfiltered report.
      expect(rows.map((r) => r.details)).toContainEqual(
        expect.objectContaining({
          check: null,
          limit: 500,
          failing: expect.objectContaining({ birth_date_not_future: 1, child_under_18: 1 }),
          cases: 3,
          truncated: false,
        }),
      );
      const trail = await t.app.get(AuditService).trailForCase(ids.future.id, { limit: 100 });
      expect(trail.records.map((r) => r.action)).toContain('data_quality.report.result');
    });
  });

  // Last: it moves the clock. "Today" and the registration day are Chișinău's (pack.json timezone), not UTC's.
  describe("on the pack's calendar (Europe/Chisinau)", () => {
    it('reads today and the registration day in Chișinău', async () => {
      // 23:30 UTC on Friday 13 March is already 14 March in Chișinău (UTC+2).
      t.clock.set(new Date('2026-03-13T23:30:00Z'));
      const born = await api.register('caseworker', 'child_protection', child('Florica', '2026-03-14'));
      expect([born.status, born.body.warnings]).toEqual([201, []]);
      const id = born.body.id;
      expect((await api.transition('caseworker', id, 'start_assessment')).status).toBe(200);
      // Registered on 14 March there: a closure dated 13 March is before it, one dated 14 March is not.
      const before = await api.fill('caseworker', id, 'closure', { closure_reason: 'needs_met', closure_date: '2026-03-13', summary: 'Needs met.' });
      expect([before.status, before.body.checks?.map((c: any) => c.id)]).toEqual([422, ['closure_after_registration']]);

      // 08:00 UTC on 14 March (10:00 there): 15 March is tomorrow, however few hours away.
      t.clock.set(new Date('2026-03-14T08:00:00Z'));
      const tomorrow = await t.http
        .post('/api/cases')
        .set(await api.as('caseworker'))
        .send({ caseType: 'child_protection', answers: child('Gina', '2026-03-15') });
      expect([tomorrow.status, tomorrow.body.checks?.map((c: any) => c.id)]).toEqual([422, ['birth_date_not_future']]);
      const closed = await api.fill('caseworker', id, 'closure', { closure_reason: 'needs_met', closure_date: '2026-03-14', summary: 'Needs met.' });
      expect([closed.status, closed.body.warnings]).toEqual([200, []]);
    });
  });
});
