import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Side channels on the Moldova pack, through the HTTP API: what a user learns from a list filter, a
 * count, the duplicate hint at registration, free-text reasons on timelines, lists and messages, and
 * the audit trail must never depend on a value that user may not read (docs/permissions.md, "What
 * filters, counts, hints and reasons show"). The generated check over every role and filter is
 * test/e2e/list-filter-oracle.e2e-spec.ts.
 */
describe('side channels', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  const userId: Record<string, string> = {};
  const andrei = {
    first_name: 'Andrei',
    last_name: 'Secretaru',
    sex: 'male',
    date_of_birth: '2015-04-12',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  };
  let original: string; // Andrei's case, registered by the Chișinău social assistance directorate
  let originalNumber: string;

  const list = async (user: string, query: string) => {
    const res = await t.http.get(`/api/cases?${query}&pageSize=100`).set(await api.as(user));
    expect(res.status).toBe(200);
    return res.body as { items: Array<{ id: string; risk: string | null; displayName: string | null }>; total: number };
  };
  const get = async (user: string, path: string) => t.http.get(path).set(await api.as(user));
  const post = async (user: string, path: string, body: unknown) =>
    t.http
      .post(path)
      .set(await api.as(user))
      .send(body as object);
  const eventOf = async (user: string, caseId: string, type: string) => {
    const res = await api.timeline(user, caseId);
    expect(res.status).toBe(200);
    return (res.body as any[]).filter((e) => e.type === type).at(-1);
  };
  const inbox = async (user: string) =>
    (await get(user, '/api/me/notifications')).body as Array<{ kind: string; caseId: string | null; title: string; body: string }>;

  beforeAll(async () => {
    t = await startTestApp('side_channels');
    api = casesClient(t);
    for (const u of ['caseworker', 'caseworker2', 'caseworker3', 'supervisor', 'supervisor_st', 'doctor', 'auditor', 'analyst', 'district', 'ngo_worker']) {
      userId[u] = (await get(u, '/api/auth/me')).body.id;
    }
    const reg = await api.register('caseworker', 'child_protection', andrei);
    expect(reg.status).toBe(201);
    original = reg.body.id;
    originalNumber = reg.body.caseNumber;
    expect((await api.transition('caseworker', original, 'start_assessment')).status).toBe(200);
    expect(
      (await api.fill('caseworker', original, 'initial_assessment', { assessment_date: '2026-03-02', risk_level: 'high', summary: 'Neglect.' })).status,
    ).toBe(200);
  });
  afterAll(async () => t?.close());

  describe('list filters and totals', () => {
    it('a filter on the risk counts only cases whose risk the user may read', async () => {
      // The auditor and the national analyst both read the case; only the analyst may read its risk.
      expect((await list('auditor', '')).items.map((c) => c.id)).toContain(original);
      expect((await list('auditor', '')).items.find((c) => c.id === original)!.risk).toBeNull();
      for (const risk of ['high', 'medium', 'low']) {
        const seen = await list('auditor', `risk=${risk}`);
        expect([risk, seen.total, seen.items]).toEqual([risk, 0, []]);
      }
      const analyst = await list('analyst', 'risk=high');
      expect(analyst.items.map((c) => c.id)).toContain(original);
      expect(analyst.total).toBe(analyst.items.length);
    });

    it("the risk's label, in the reader's language, follows the risk: shown where it is, never where it is hidden", async () => {
      const item = async (user: string, locale: string) =>
        ((await get(user, `/api/cases?locale=${locale}&pageSize=100`)).body.items as any[]).find((c) => c.id === original);
      expect(await item('analyst', 'fr')).toMatchObject({ risk: 'high', riskLabel: 'Élevé' });
      expect((await get('caseworker', `/api/cases/${original}?locale=fr`)).body).toMatchObject({ risk: 'high', riskLabel: 'Élevé' });
      expect(await item('auditor', 'fr')).toMatchObject({ risk: null, riskLabel: null });
      expect((await get('auditor', `/api/cases/${original}?locale=en`)).body).toMatchObject({ risk: null, riskLabel: null });
    });

    it('the same for a specialist the case is shared with (reads the name, not the assessment)', async () => {
      await post('caseworker', `/api/cases/${original}/consents`, {
        purpose: 'data_sharing',
        decision: 'granted',
        givenBy: 'parent',
        givenByName: 'Mother',
        method: 'written',
      });
      expect((await post('caseworker', `/api/cases/${original}/shares`, { userId: userId.doctor, reason: 'medical examination' })).status).toBe(201);
      expect((await list('doctor', '')).total).toBe(1);
      expect((await list('doctor', 'risk=high')).total).toBe(0);
      // The doctor may read the name: a name search finds the case.
      expect((await list('doctor', 'q=secretaru')).items.map((c) => c.id)).toEqual([original]);
      // The auditor may not: a name search finds nothing, a case-number search still does.
      expect((await list('auditor', 'q=secretaru')).total).toBe(0);
      expect((await list('auditor', `q=${originalNumber}`)).items.map((c) => c.id)).toEqual([original]);
    });
  });

  describe('possible duplicates at registration', () => {
    it('are only cases the registrar may read, names included; nothing about the others', async () => {
      // Another agency's worker registers the same child: Andrei's case is not theirs to read.
      expect((await api.get('ngo_worker', original)).status).toBe(404);
      const ngo = await api.register('ngo_worker', 'child_protection', andrei);
      expect(ngo.status).toBe(201);
      expect(ngo.body.possibleDuplicates).toEqual([]);
      expect(JSON.stringify(ngo.body)).not.toContain(original);
      expect(JSON.stringify(ngo.body)).not.toContain(originalNumber);

      // A colleague who may read Andrei's case is told.
      const colleague = await api.register('caseworker3', 'child_protection', andrei);
      expect(colleague.status).toBe(201);
      expect(colleague.body.possibleDuplicates).toEqual([{ id: original, caseNumber: originalNumber }]);

      // The NGO case's timeline: the hint is there only for readers who may read both children's
      // names (the guardianship authority), not for the auditor or the analyst, who read no names.
      const registered = async (user: string) => (await eventOf(user, ngo.body.id, 'case_registered')).data;
      expect((await registered('district')).possibleDuplicates).toEqual([{ id: original, caseNumber: originalNumber }]);
      for (const reader of ['auditor', 'analyst', 'ngo_worker']) {
        const data = await registered(reader);
        expect([reader, data.possibleDuplicates ?? []]).toEqual([reader, []]);
        const timeline = JSON.stringify((await api.timeline(reader, ngo.body.id)).body);
        expect(timeline).not.toContain(originalNumber);
        expect(timeline).not.toContain(original);
      }
      // Nor in the case's audit trail the auditor reads.
      const trail = JSON.stringify((await get('auditor', `/api/cases/${ngo.body.id}/audit`)).body);
      expect(trail).not.toContain(originalNumber);
    });
  });

  describe('free-text reasons', () => {
    const SECRET = 'Andrei Secretaru moved';
    const hiddenFrom = ['auditor', 'analyst'];

    it('a transfer reason: the addressees and readers of the name see it; the auditor and the analyst do not', async () => {
      const req = await post('caseworker', `/api/cases/${original}/transfers`, {
        toUserId: userId.caseworker2,
        locationCode: 'ST01',
        reason: `${SECRET} to Strășeni`,
      });
      expect(req.status).toBe(201);
      // The receiver and the receiving team's supervisor are who the reason is written for.
      for (const who of ['caseworker2', 'supervisor_st']) {
        const pending = (await get(who, '/api/transfers?status=pending')).body.find((x: any) => x.id === req.body.id);
        expect(pending.reason).toContain(SECRET);
      }
      expect((await eventOf('district', original, 'transfer_requested')).data.reason).toContain(SECRET);
      expect((await get('district', `/api/cases/${original}/transfers`)).body[0].reason).toContain(SECRET);
      for (const reader of hiddenFrom) {
        const event = await eventOf(reader, original, 'transfer_requested');
        expect([reader, event.data.reason, event.data.reasonHidden]).toEqual([reader, undefined, true]);
        const transfers = await get(reader, `/api/cases/${original}/transfers`);
        expect(transfers.status).toBe(200);
        expect([reader, transfers.body[0].reason, transfers.body[0].reasonHidden]).toEqual([reader, null, true]);
        expect(JSON.stringify((await get(reader, `/api/transfers/${req.body.id}`)).body)).not.toContain(SECRET);
      }
      const cancelled = await post('caseworker', `/api/transfers/${req.body.id}/cancel`, { reason: `${SECRET}: plans changed` });
      expect(cancelled.status).toBe(200);
      for (const reader of hiddenFrom) expect(JSON.stringify((await api.timeline(reader, original)).body)).not.toContain(SECRET);
    });

    it('share, assignment, flag, note, pause and break-the-glass reasons, and the consent override reason', async () => {
      await post('supervisor', `/api/cases/${original}/shares`, { userId: userId.caseworker2, reason: 'x' }); // refused: no sharedWith rule
      const psychologist = (await get('psychologist', '/api/auth/me')).body.id;
      expect((await post('caseworker', `/api/cases/${original}/shares`, { userId: psychologist, reason: `${SECRET}: needs counselling` })).status).toBe(201);
      expect(
        (await post('supervisor', '/api/cases/assignments', { caseIds: [original], userId: userId.caseworker3, reason: `${SECRET}: caseload` })).status,
      ).toBe(200);
      expect((await post('caseworker', `/api/cases/${original}/flags`, { reason: `${SECRET}: father must not know` })).status).toBe(201);
      expect((await post('caseworker', `/api/cases/${original}/notes`, { text: `${SECRET}: note for all`, visibility: 'case' })).status).toBe(201);
      expect((await api.transition('caseworker3', original, 'pause_case', `${SECRET}: in hospital`)).status).toBe(200);
      expect((await api.transition('caseworker3', original, 'resume_case')).status).toBe(200);
      const bg = await post('supervisor_st', `/api/cases/${original}/break-glass`, { reason: `${SECRET}: found at night in Strășeni` });
      expect(bg.status).toBe(201);

      // Readers of the name see every reason.
      const full = JSON.stringify((await api.timeline('district', original)).body);
      for (const what of ['needs counselling', 'caseload', 'father must not know', 'in hospital', 'found at night']) expect(full).toContain(what);
      expect(JSON.stringify((await get('district', `/api/cases/${original}/flags`)).body)).toContain('father must not know');
      expect(JSON.stringify((await get('district', `/api/cases/${original}/notes`)).body)).toContain('note for all');
      expect(JSON.stringify((await get('district', `/api/cases/${original}/access`)).body)).toContain('needs counselling');

      for (const reader of hiddenFrom) {
        for (const path of ['timeline', 'flags', 'notes', 'access', 'transfers']) {
          const res = await get(reader, `/api/cases/${original}/${path}`);
          expect([reader, path, res.status]).toEqual([reader, path, 200]);
          expect([reader, path, JSON.stringify(res.body)]).toEqual([reader, path, expect.not.stringContaining(SECRET)]);
        }
        // What is hidden is said to be hidden, not silently dropped.
        const timeline = (await api.timeline(reader, original)).body as any[];
        for (const type of ['case_shared', 'case_assigned', 'flag_added', 'break_glass_opened']) {
          expect([reader, type, timeline.find((e) => e.type === type)?.data.reasonHidden]).toEqual([reader, type, true]);
        }
        const paused = timeline.find((e) => e.type === 'transition_performed' && e.data.transition === 'pause_case');
        expect([reader, paused.data.comment, paused.data.reasonHidden]).toEqual([reader, undefined, true]);
        const flags = (await get(reader, `/api/cases/${original}/flags`)).body;
        expect(flags[0]).toMatchObject({ reason: null, reasonHidden: true });
        const notes = (await get(reader, `/api/cases/${original}/notes`)).body;
        expect(notes[0]).toMatchObject({ text: null, textHidden: true });
        const access = (await get(reader, `/api/cases/${original}/access`)).body;
        expect(access.every((g: any) => g.reason === null && g.reasonHidden === true)).toBe(true);
      }
      // The auditor's audit trail keeps who did what, without the words.
      const trail = await get('auditor', `/api/cases/${original}/audit?limit=500`);
      expect(trail.status).toBe(200);
      expect(trail.body.records.map((r: any) => r.action)).toEqual(expect.arrayContaining(['case.case_shared', 'case.flag_added', 'case.transfer_requested']));
      expect(JSON.stringify(trail.body)).not.toContain(SECRET);
    });

    it("messages carry a reason only to recipients who may read the child's name", async () => {
      // The break-the-glass message went to the case team's supervisor, who reads the name.
      const told = (await inbox('supervisor')).filter((m) => m.kind === 'break_glass' && m.caseId === original);
      expect(told).toHaveLength(1);
      expect(told[0].body).toContain('found at night');
      // A transfer declined by the receiving side: the requester reads the name and gets the reason.
      const req = await post('caseworker3', `/api/cases/${original}/transfers`, { toUserId: userId.caseworker2, locationCode: 'ST01', reason: 'Family moved' });
      expect(req.status).toBe(201);
      expect((await post('caseworker2', `/api/transfers/${req.body.id}/decline`, { reason: `${SECRET}? No: still in Bubuieci` })).status).toBe(200);
      const answered = (await inbox('caseworker3')).filter((m) => m.kind === 'transfer_answered' && m.caseId === original);
      expect(answered.at(-1)!.body).toContain('still in Bubuieci');
    });
  });

  describe('other channels', () => {
    it('a deadline whose rules read the risk level is shown only to readers of the risk level', async () => {
      // initial_response exists once a risk level is set, due in 48 hours when it is high: its due date tells the level.
      const deadlines = async (user: string) => ((await get(user, `/api/cases/${original}/deadlines?status=all`)).body as any[]).map((d) => d.deadline);
      for (const reader of ['district', 'analyst']) expect([reader, await deadlines(reader)]).toEqual([reader, expect.arrayContaining(['initial_response'])]);
      expect(await deadlines('auditor')).toEqual(expect.arrayContaining(['initial_assessment_due']));
      expect(await deadlines('auditor')).not.toContain('initial_response');
      const keys = async (user: string) =>
        ((await api.timeline(user, original)).body as any[]).filter((e) => e.type.startsWith('deadline_')).map((e) => String(e.data.key));
      expect(await keys('district')).toContain('initial_response');
      expect(await keys('auditor')).not.toContain('initial_response');
      expect(await keys('auditor')).toContain('initial_assessment_due');
    });

    it('a handover neither names nor counts the cases the actor may not see', async () => {
      expect((await api.register('caseworker', 'child_protection', { ...andrei, first_name: 'Petru' })).status).toBe(201);
      const res = await post('supervisor_st', `/api/users/${userId.caseworker}/handover`, { toUserId: userId.caseworker2, reason: 'not my district' });
      expect(res.status).toBe(200);
      // The same answer as for a worker with no open case at all.
      expect(res.body).toEqual({ assigned: 0, to: { id: userId.caseworker2, name: expect.any(String) } });
    });
  });
});
