import { AuditService } from '@app/audit';
import { CaseEventHooks } from '@app/cases';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Flags (reason, who, when; removed with a reason), notes (team-only or for everyone who may read
 * the case) and links between cases on the Moldova pack, through the HTTP API: who may do what, what each reader sees, the
 * timeline, the audit log and the domain events plugins receive.
 */
describe('Working together on a case: flags, notes and links', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let caseId: string;
  const events: Array<{ type: string; data: Record<string, unknown> }> = [];
  const post = async (user: string, path: string, body: unknown) =>
    t.http
      .post(`/api/cases/${caseId}${path}`)
      .set(await api.as(user))
      .send(body as object);
  const get = async (user: string, path: string) => t.http.get(`/api/cases/${caseId}${path}`).set(await api.as(user));

  beforeAll(async () => {
    t = await startTestApp('case_collaboration');
    api = casesClient(t);
    t.app.get(CaseEventHooks).on('*', (e) => {
      if (/^(flag|note)_|^case_linked$/.test(e.type)) events.push({ type: e.type, data: e.data });
    });
    const reg = await api.register('caseworker', 'child_protection', {
      first_name: 'Ana',
      last_name: 'Lungu',
      sex: 'female',
      date_of_birth: '2018-04-02',
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    expect(reg.status).toBe(201);
    caseId = reg.body.id;
  });
  afterAll(async () => t?.close());
  const childAnswers = (first: string) => ({
    first_name: first,
    last_name: 'Lungu',
    sex: 'female',
    date_of_birth: '2016-01-20',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  });

  describe('flags', () => {
    let flagId: string;

    it('a caseworker flags the case with a reason; every reader sees who, when and why', async () => {
      const res = await post('caseworker', '/flags', { reason: 'Father visits unannounced; do not disclose the address' });
      expect(res.status).toBe(201);
      flagId = res.body.id;
      for (const reader of ['supervisor', 'district', 'caseworker3']) {
        const list = await get(reader, '/flags');
        expect(list.status).toBe(200);
        expect(list.body).toEqual([
          expect.objectContaining({
            id: flagId,
            reason: 'Father visits unannounced; do not disclose the address',
            flaggedBy: expect.objectContaining({ name: 'Elena Cojocaru' }),
            removedAt: null,
            removalReason: null,
          }),
        ]);
      }
      expect(events.at(-1)).toEqual({ type: 'flag_added', data: { flagId, reason: 'Father visits unannounced; do not disclose the address' } });
    });

    it('refuses a role without the flag permission, a user who may not read the case, and a reason that says nothing', async () => {
      const district = await post('district', '/flags', { reason: 'Court hearing on Monday' });
      expect([district.status, district.body.code]).toEqual([403, 'flag_not_permitted']);
      expect((await get('police', '/flags')).status).toBe(404);
      expect((await post('police', '/flags', { reason: 'anything at all' })).status).toBe(404);
      const empty = await post('caseworker', '/flags', { reason: '   ' });
      expect([empty.status, empty.body.code]).toEqual([400, 'validation_failed']);
      const extra = await post('caseworker', '/flags', { reason: 'ok reason', flaggedBy: 'someone else' });
      expect(extra.status).toBe(400);
      expect((await get('caseworker', '/flags')).body).toHaveLength(1);
    });

    it('the supervisor removes the flag with a reason; it stays in the history; twice is refused', async () => {
      const removed = await post('supervisor', `/flags/${flagId}/remove`, { reason: 'Father moved abroad (police report)' });
      expect(removed.status).toBe(204);
      expect((await get('caseworker', '/flags')).body).toEqual([]);
      const all = await get('caseworker', '/flags?all=true');
      expect(all.body).toEqual([
        expect.objectContaining({
          id: flagId,
          removalReason: 'Father moved abroad (police report)',
          removedBy: expect.objectContaining({ name: expect.any(String) }),
        }),
      ]);
      const again = await post('caseworker', `/flags/${flagId}/remove`, { reason: 'again, by mistake' });
      expect([again.status, again.body.code]).toEqual([409, 'flag_already_removed']);
      const unknown = await post('caseworker', '/flags/00000000-0000-4000-8000-000000000000/remove', { reason: 'no such flag' });
      expect([unknown.status, unknown.body.code]).toEqual([404, 'flag_not_found']);
      const timeline = (await api.timeline('caseworker', caseId)).body.map((e: any) => e.type);
      expect(timeline.filter((x: string) => x.startsWith('flag_'))).toEqual(['flag_added', 'flag_removed']);
    });
  });

  describe('notes', () => {
    const teamText = 'Mother disclosed the partner drinks; she asked us not to tell the school.';
    const caseText = 'Home visit planned for Thursday with the district authority.';

    it("team-only notes reach the author's team; case notes every reader of the case", async () => {
      expect((await post('caseworker', '/notes', { text: teamText, visibility: 'team' })).status).toBe(201);
      t.clock.advance(60_000);
      expect((await post('caseworker', '/notes', { text: caseText, visibility: 'case' })).status).toBe(201);
      const texts = async (user: string) => (await get(user, '/notes')).body.map((n: any) => n.text);
      expect(await texts('caseworker3')).toEqual([teamText, caseText]); // same team
      expect(await texts('supervisor')).toEqual([teamText, caseText]); // supervises that team
      expect(await texts('district')).toEqual([caseText]); // reads the case, another organisation
      expect((await get('teacher', '/notes')).status).toBe(404); // the case is not shared with the teacher
    });

    it('the district authority may write a case note, not a team note (it has no team); the teacher nothing', async () => {
      const note = await post('district', '/notes', { text: 'Placement hearing set for 12 March.', visibility: 'case' });
      expect(note.status).toBe(201);
      const team = await post('district', '/notes', { text: 'Internal remark', visibility: 'team' });
      expect([team.status, team.body.errors]).toEqual([400, [{ path: '/visibility', message: 'you are in no team' }]]);
      expect((await post('teacher', '/notes', { text: 'Missed school all week', visibility: 'case' })).status).toBe(404);
      expect((await post('caseworker', '/notes', { text: 'x', visibility: 'everyone' })).status).toBe(400);
    });

    it('the timeline records each note without its text; hooks get the event; the audit log has the writes and reads', async () => {
      const timeline = await api.timeline('district', caseId);
      const notes = timeline.body.filter((e: any) => e.type === 'note_added');
      expect(notes).toHaveLength(3);
      expect(JSON.stringify(timeline.body)).not.toContain('partner drinks');
      expect(notes[0].data).toEqual({ noteId: expect.any(String), visibility: 'team', teamId: 'ch_social_team' });
      expect(events.filter((e) => e.type === 'note_added')).toHaveLength(3);
      const trail = await t.app.get(AuditService).trailForCase(caseId, { limit: 200 });
      const actions = trail.records.map((r) => r.action);
      for (const a of ['case.flag_added', 'case.flag_removed', 'case.note_added', 'case.notes_read', 'case.flags_read']) expect(actions).toContain(a);
    });
  });

  describe('links', () => {
    let maria: string;
    const child = (first: string) => childAnswers(first);

    it('links a sibling registered later; both cases show the link; a second identical link is refused', async () => {
      maria = (await api.register('caseworker', 'child_protection', child('Maria'))).body.id;
      expect((await post('caseworker', '/links', { caseId: maria, kind: 'sibling', reason: 'Same mother' })).status).toBe(204);
      expect((await api.get('caseworker', caseId)).body.links).toEqual([expect.objectContaining({ linkedCaseId: maria, kind: 'sibling' })]);
      expect((await api.get('supervisor', maria)).body.links).toEqual([expect.objectContaining({ linkedCaseId: caseId, kind: 'sibling' })]);
      const again = await post('caseworker', '/links', { caseId: maria, kind: 'sibling' });
      expect([again.status, again.body.code]).toEqual([409, 'already_linked']);
      expect((await post('caseworker', '/links', { caseId: maria, kind: 'household' })).status).toBe(204);
    });

    it('refuses linking to itself, unknown kinds, a case the user may not see, and roles without the link permission', async () => {
      expect((await post('caseworker', '/links', { caseId, kind: 'sibling' })).status).toBe(400);
      expect((await post('caseworker', '/links', { caseId: maria, kind: 'cousin' })).status).toBe(400);
      const straseni = (await api.register('caseworker2', 'child_protection', child('Vasile'))).body.id;
      const hidden = await post('caseworker', '/links', { caseId: straseni, kind: 'same_family' });
      expect([hidden.status, hidden.body.code]).toEqual([400, 'link_target_not_found']);
      const district = await post('district', '/links', { caseId: maria, kind: 'related' });
      expect([district.status, district.body.code]).toEqual([403, 'link_not_permitted']);
      expect((await post('police', '/links', { caseId: maria, kind: 'related' })).status).toBe(404);
    });

    it('removes a link with a reason; both timelines keep both events; removing it twice is refused', async () => {
      expect((await post('supervisor', '/links/remove', { caseId: maria, kind: 'household', reason: 'Different households after all' })).status).toBe(204);
      expect((await api.get('caseworker', maria)).body.links.map((l: any) => l.kind)).toEqual(['sibling']);
      const again = await post('supervisor', '/links/remove', { caseId: maria, kind: 'household', reason: 'twice' });
      expect([again.status, again.body.code]).toEqual([404, 'link_not_found']);
      expect((await post('supervisor', '/links/remove', { caseId: maria, kind: 'sibling' })).status).toBe(400); // a reason is required
      const timeline = (await api.timeline('caseworker', maria)).body.filter((e: any) => /^case_(un)?linked$/.test(e.type));
      expect(timeline.map((e: any) => `${e.type}:${e.data.kind}`)).toEqual(['case_linked:sibling', 'case_linked:household', 'case_unlinked:household']);
      expect(timeline.at(-1).data).toMatchObject({ caseId, reason: 'Different households after all' });
    });

    it('a timeline names a linked case only to readers who may read it', async () => {
      const note = await api.register('police', 'notification', {
        reporter_type: 'police',
        reporter_name: 'Ion Popa',
        child_description: 'Boy of about 8',
        concern_types: ['neglect'],
        concern_description: 'Left alone for days.',
        immediate_danger: false,
      });
      expect(note.status).toBe(201);
      const child = await api.register('caseworker', 'child_protection', { ...childAnswers('Victor') }, [{ caseId: note.body.id, kind: 'notification' }]);
      expect(child.status).toBe(201);
      const linkedFor = async (user: string) => (await api.timeline(user, note.body.id)).body.find((e: any) => e.type === 'case_linked').data;
      expect(await linkedFor('caseworker')).toEqual({ caseId: child.body.id, caseNumber: child.body.caseNumber, kind: 'notification' });
      // The police officer who filed the notification may not read the child's case: not even its number.
      expect(await linkedFor('police')).toEqual({ kind: 'notification' });
      // The linked notification got its own audit entry and hook event, in the registration's transaction.
      const trail = await t.app.get(AuditService).trailForCase(note.body.id, { limit: 50 });
      expect(trail.records.map((r) => r.action)).toContain('case.case_linked');
      expect(events.some((e) => e.type === 'case_linked' && e.data.caseId === child.body.id)).toBe(true);
    });
  });
});
