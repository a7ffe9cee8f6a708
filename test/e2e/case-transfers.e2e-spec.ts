import { AuditService } from '@app/audit';
import { CaseEventHooks } from '@app/cases';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Transfers of a case on the Moldova pack, through the HTTP API and PostgreSQL: a caseworker of
 * Chișinău asks to move a case to a caseworker of Strășeni; nothing changes until the receiving side
 * accepts; then owner, team, agency and location change, and who may read the case follows the
 * pack's role rules on the new facts (no grant is added, the old district loses access).
 */
describe('Case transfers', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  const userId: Record<string, string> = {};
  const events: Array<{ type: string; caseId: string }> = [];
  const NOBODY = '00000000-0000-4000-8000-000000000000';

  const child = (first: string) => ({
    first_name: first,
    last_name: 'Moraru',
    sex: 'female',
    date_of_birth: '2016-05-11',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  });
  const register = async (first: string): Promise<string> => {
    const res = await api.register('caseworker', 'child_protection', child(first));
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const requestTransfer = async (actor: string, caseId: string, body: unknown) =>
    t.http
      .post(`/api/cases/${caseId}/transfers`)
      .set(await api.as(actor))
      .send(body as object);
  const answer = async (actor: string, id: string, verb: 'accept' | 'decline' | 'cancel', body: unknown = {}) =>
    t.http
      .post(`/api/transfers/${id}/${verb}`)
      .set(await api.as(actor))
      .send(body as object);
  const incoming = async (actor: string, query = '?status=pending') => t.http.get(`/api/transfers${query}`).set(await api.as(actor));
  const transfersOf = async (actor: string, caseId: string) => t.http.get(`/api/cases/${caseId}/transfers`).set(await api.as(actor));
  const inbox = async (user: string) => (await t.http.get('/api/me/notifications').set(await api.as(user))).body as any[];
  const transferTypes = async (actor: string, caseId: string) =>
    (await api.timeline(actor, caseId)).body.map((e: any) => e.type).filter((x: string) => x.startsWith('transfer_'));

  beforeAll(async () => {
    t = await startTestApp('case_transfers');
    api = casesClient(t);
    for (const u of ['caseworker', 'caseworker2', 'caseworker3', 'supervisor', 'supervisor_st', 'teacher', 'district', 'police', 'analyst', 'auditor']) {
      userId[u] = (await t.http.get('/api/auth/me').set(await api.as(u))).body.id;
    }
    t.app.get(CaseEventHooks).on('*', (e) => {
      if (e.type.startsWith('transfer_')) events.push({ type: e.type, caseId: e.caseId });
    });
  });
  afterAll(async () => t?.close());

  it('to another district: nothing changes until the receiver accepts; then the old district loses access and the new one reads it', async () => {
    const caseId = await register('Valentina');
    const req = await requestTransfer('caseworker', caseId, { toUserId: userId.caseworker2, locationCode: 'ST01', reason: 'The family moved to Strășeni' });
    expect(req.status).toBe(201);
    expect(req.body).toEqual({ id: expect.any(String), status: 'pending' });
    const transferId = req.body.id;

    // Before acceptance: the receiver cannot read the case; its owner still can.
    expect((await api.get('caseworker2', caseId)).status).toBe(404);
    expect((await api.get('caseworker', caseId)).status).toBe(200);
    // The receiver and the receiving team's supervisor see it waiting, without the child's name.
    for (const who of ['caseworker2', 'supervisor_st']) {
      const list = await incoming(who);
      expect(list.status).toBe(200);
      const item = list.body.find((x: any) => x.id === transferId);
      expect(item).toMatchObject({
        status: 'pending',
        reason: 'The family moved to Strășeni',
        case: { id: caseId, number: expect.stringMatching(/^MD-/), type: { id: 'child_protection' }, step: { id: 'registration' } },
        from: { user: { id: userId.caseworker, name: 'Elena Cojocaru' }, location: { code: 'CH01' } },
        to: { user: { id: userId.caseworker2 }, location: { code: 'ST01' } },
      });
      expect(JSON.stringify(list.body)).not.toContain('Valentina');
    }
    expect((await incoming('caseworker3')).body).toEqual([]);
    const told = (await inbox('caseworker2')).filter((m) => m.kind === 'transfer_requested' && m.caseId === caseId);
    expect(told).toHaveLength(1);
    expect(`${told[0].title} ${told[0].body}`).not.toContain('Valentina');
    // The message links to the case's page (the web app has no page per transfer).
    expect(told[0].body).toContain(`/cases/${caseId}`);
    expect(told[0].body).not.toContain('/transfers/');
    expect((await inbox('supervisor_st')).filter((m) => m.kind === 'transfer_requested' && m.caseId === caseId)).toHaveLength(1);

    const accepted = await answer('caseworker2', transferId, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ id: transferId, status: 'accepted', caseId });

    const view = await api.get('caseworker2', caseId);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ assignedTo: userId.caseworker2, locationCode: 'ST01' });
    // The new owner works the case: fills a form of its step.
    expect((await api.fill('caseworker2', caseId, 'registration', child('Valentina'))).status).toBe(200);
    for (const lost of ['caseworker', 'supervisor', 'district']) expect((await api.get(lost, caseId)).status).toBe(404);
    expect((await api.get('supervisor_st', caseId)).status).toBe(200);
    expect(await transferTypes('caseworker2', caseId)).toEqual(['transfer_requested', 'transfer_accepted']);
    const answered = (await inbox('caseworker')).filter((m) => m.kind === 'transfer_answered' && m.caseId === caseId);
    expect(answered).toHaveLength(1);
    expect(answered[0].body).toContain(`/cases/${caseId}`);
    expect(answered[0].body).not.toContain('/transfers/');

    // The requester still sees how their request ended, without reading the case.
    const mine = await t.http.get(`/api/transfers/${transferId}`).set(await api.as('caseworker'));
    expect(mine.body).toMatchObject({ status: 'accepted', decidedBy: { id: userId.caseworker2 } });
    expect((await t.http.get(`/api/transfers/${transferId}`).set(await api.as('police'))).status).toBe(404);
    expect((await transfersOf('caseworker2', caseId)).body).toEqual([expect.objectContaining({ id: transferId, status: 'accepted' })]);
    expect(events.filter((e) => e.caseId === caseId).map((e) => e.type)).toEqual(['transfer_requested', 'transfer_accepted']);
    const actions = (await t.app.get(AuditService).trailForCase(caseId, { limit: 200 })).records.map((r) => r.action);
    for (const a of ['case.transfer_requested', 'case.transfer_accepted']) expect(actions).toContain(a);
  });

  it('declined: the case does not change, the requester reads the reason, and it cannot be accepted afterwards', async () => {
    const caseId = await register('Irina');
    const before = await api.version('caseworker', caseId);
    // No location asked: Bubuieci is outside the receiver's area, so the case would go to the receiver's (ST01).
    const req = await requestTransfer('caseworker', caseId, { toUserId: userId.caseworker2, reason: 'Mother now lives in Strășeni' });
    expect(req.status).toBe(201);
    expect((await transfersOf('caseworker', caseId)).body[0].to.location.code).toBe('ST01');
    const declined = await answer('caseworker2', req.body.id, 'decline', { reason: 'The family is not known at this address' });
    expect(declined.status).toBe(200);
    expect(declined.body).toEqual({ id: req.body.id, status: 'declined' });

    expect(await api.version('caseworker', caseId)).toBe(before);
    expect((await api.get('caseworker', caseId)).body.assignedTo).toBe(userId.caseworker);
    expect((await api.get('caseworker2', caseId)).status).toBe(404);
    const list = (await transfersOf('caseworker', caseId)).body;
    expect(list[0]).toMatchObject({ status: 'declined', decisionReason: 'The family is not known at this address', decidedBy: { id: userId.caseworker2 } });
    const message = (await inbox('caseworker')).find((m) => m.kind === 'transfer_answered' && m.caseId === caseId);
    expect(message.body).toContain('The family is not known at this address');
    expect(message.title).not.toContain('The family is not known');

    const late = await answer('caseworker2', req.body.id, 'accept');
    expect([late.status, late.body.code]).toEqual([409, 'transfer_not_pending']);
    expect(await transferTypes('caseworker', caseId)).toEqual(['transfer_requested', 'transfer_declined']);
  });

  it('refuses bad requests clearly, changing nothing', async () => {
    const caseId = await register('Doina');
    const version = await api.version('caseworker', caseId);
    const unchanged = async (transfers: number) => {
      expect(await api.version('caseworker', caseId)).toBe(version);
      expect((await transfersOf('caseworker', caseId)).body).toHaveLength(transfers);
    };
    const refusals: Array<[string, unknown, number, string, string?]> = [
      ['caseworker', { toUserId: NOBODY, reason: 'nobody there' }, 422, 'transfer_target_invalid', '/toUserId'],
      ['caseworker', { toUserId: userId.caseworker2, locationCode: 'XX99', reason: 'nowhere' }, 422, 'transfer_target_invalid', '/locationCode'],
      ['caseworker', { toUserId: userId.teacher, reason: 'the teacher knows her' }, 422, 'transfer_target_invalid', '/toUserId'],
      ['caseworker', { toUserId: userId.caseworker, reason: 'to myself' }, 422, 'transfer_target_invalid', '/toUserId'],
      // Caseworker2 could not read the case in Chișinău: its rules cover Strășeni only.
      ['caseworker', { toUserId: userId.caseworker2, locationCode: 'CH01', reason: 'stay here' }, 422, 'transfer_target_invalid', '/toUserId'],
      ['district', { toUserId: userId.caseworker2, reason: 'the authority decided' }, 403, 'transfer_not_permitted'],
      ['police', { toUserId: userId.caseworker2, reason: 'not my case' }, 404, 'case_not_found'],
      ['caseworker', { toUserId: userId.caseworker2 }, 400, 'validation_failed'],
      ['caseworker', { toUserId: userId.caseworker2, reason: '   ' }, 400, 'validation_failed'],
      ['caseworker', { toUserId: 'caseworker2', reason: 'by name' }, 400, 'validation_failed'],
      ['caseworker', { toUserId: userId.caseworker2, reason: 'extra', assignedTo: userId.caseworker }, 400, 'validation_failed'],
    ];
    for (const [actor, body, status, code, path] of refusals) {
      const res = await requestTransfer(actor, caseId, body);
      expect([actor, JSON.stringify(body), res.status, res.body.code]).toEqual([actor, JSON.stringify(body), status, code]);
      if (path) expect(res.body.errors).toEqual([{ path, message: expect.any(String) }]);
      await unchanged(0);
    }
    const teacher = await requestTransfer('caseworker', caseId, { toUserId: userId.teacher, reason: 'the teacher knows her' });
    expect(teacher.body.detail ?? teacher.body.message).toContain('teacher');

    const first = await requestTransfer('caseworker', caseId, { toUserId: userId.caseworker2, locationCode: 'ST01', reason: 'Moved to Strășeni' });
    expect(first.status).toBe(201);
    const second = await requestTransfer('caseworker3', caseId, { toUserId: userId.caseworker2, reason: 'Moved, again' });
    expect([second.status, second.body.code]).toEqual([409, 'transfer_pending']);
    await unchanged(1);

    // Only the receiving side decides; the case's other readers see it but may not; others do not see it.
    const colleague = await answer('caseworker3', first.body.id, 'accept');
    expect([colleague.status, colleague.body.code]).toEqual([403, 'transfer_not_permitted']);
    const outsider = await answer('police', first.body.id, 'accept');
    expect([outsider.status, outsider.body.code]).toEqual([404, 'transfer_not_found']);
    expect((await answer('caseworker2', NOBODY, 'accept')).body.code).toBe('transfer_not_found');
    expect((await answer('caseworker2', 'not-an-id', 'accept')).body.code).toBe('transfer_not_found');
    const stranger = await answer('supervisor_st', first.body.id, 'cancel', { reason: 'not my request' });
    expect([stranger.status, stranger.body.code]).toEqual([403, 'transfer_not_permitted']);
    expect((await answer('caseworker2', first.body.id, 'decline', {})).status).toBe(400);
    expect((await incoming('caseworker2', '?status=open')).status).toBe(400);
    await unchanged(1);
    expect((await transfersOf('caseworker', caseId)).body[0].status).toBe('pending');

    // The requester withdraws it; the receiver is told; then a new request may be made.
    const cancelled = await answer('caseworker', first.body.id, 'cancel', { reason: 'The family came back' });
    expect(cancelled.body).toEqual({ id: first.body.id, status: 'cancelled' });
    expect((await inbox('caseworker2')).filter((m) => m.kind === 'transfer_answered' && m.caseId === caseId)).toHaveLength(1);
    expect(await transferTypes('caseworker', caseId)).toEqual(['transfer_requested', 'transfer_cancelled']);
    expect((await requestTransfer('caseworker3', caseId, { toUserId: userId.caseworker2, reason: 'Moved after all' })).status).toBe(201);
  });

  it('only those who could work the case once it is theirs receive it: not the analyst, the auditor nor the guardianship authority', async () => {
    const caseId = await register('Aurelia');
    const receivers = await t.http.get(`/api/cases/${caseId}/transfer-receivers`).set(await api.as('caseworker'));
    expect(receivers.status).toBe(200);
    const offered = receivers.body.map((r: any) => r.id);
    // A caseworker of another district still is; so is a supervisor, who may move the case and fill its plan.
    expect(offered).toEqual(expect.arrayContaining([userId.caseworker2, userId.caseworker3, userId.supervisor_st]));
    for (const reader of ['analyst', 'auditor', 'district']) expect([reader, offered.includes(userId[reader])]).toEqual([reader, false]);
    expect(receivers.body.flatMap((r: any) => r.roles)).not.toEqual(expect.arrayContaining([expect.stringMatching(/analyst|auditor|guardianship/i)]));

    // Each of them reads the case by their roles alone, but could not work it: refused, naming why.
    for (const reader of ['analyst', 'auditor', 'district']) {
      const res = await requestTransfer('caseworker', caseId, { toUserId: userId[reader], reason: 'someone should look at it' });
      expect([reader, res.status, res.body.code]).toEqual([reader, 422, 'transfer_receiver_cannot_work']);
      expect(res.body.errors).toEqual([{ path: '/toUserId', message: expect.stringContaining('would not let them work the case') }]);
    }
    expect((await transfersOf('caseworker', caseId)).body).toEqual([]);
    const colleague = await requestTransfer('caseworker', caseId, { toUserId: userId.caseworker2, locationCode: 'ST01', reason: 'Moved to Strășeni' });
    expect(colleague.status).toBe(201);
  });

  it('closing the case cancels its pending transfer, which cannot be accepted afterwards, even once the case is reopened', async () => {
    const caseId = await register('Cristina');
    const req = await requestTransfer('caseworker', caseId, { toUserId: userId.caseworker2, locationCode: 'ST01', reason: 'Moved to Strășeni' });
    expect(req.status).toBe(201);
    expect((await api.transition('caseworker3', caseId, 'start_assessment')).status).toBe(200);
    expect((await api.fill('caseworker3', caseId, 'closure', { closure_reason: 'needs_met', closure_date: '2026-03-02', summary: 'Safe.' })).status).toBe(200);
    expect((await api.transition('caseworker3', caseId, 'close_case', 'Goals met')).status).toBe(200);

    expect((await transfersOf('caseworker', caseId)).body).toEqual([
      expect.objectContaining({
        id: req.body.id,
        status: 'cancelled',
        decisionReason: 'The case was closed.',
        decidedBy: expect.objectContaining({ id: userId.caseworker3 }),
      }),
    ]);
    const timeline = (await api.timeline('caseworker', caseId)).body;
    expect(timeline.find((e: any) => e.type === 'transfer_cancelled')).toMatchObject({
      actor: { id: userId.caseworker3 },
      data: { transferId: req.body.id, cause: 'case_closed', reason: 'The case was closed.' },
    });
    expect(events.filter((e) => e.caseId === caseId).map((e) => e.type)).toEqual(['transfer_requested', 'transfer_cancelled']);
    // The receiver, the receiving team's supervisor and the requester (who did not close it) are told, as for any cancellation.
    for (const who of ['caseworker2', 'supervisor_st', 'caseworker']) {
      const told = (await inbox(who)).filter((m) => m.kind === 'transfer_answered' && m.caseId === caseId);
      expect([who, told.length]).toEqual([who, 1]);
      expect(told[0].body).toContain('The case was closed.');
    }
    expect((await incoming('caseworker2')).body.map((x: any) => x.id)).not.toContain(req.body.id);

    const closed = await answer('caseworker2', req.body.id, 'accept');
    expect([closed.status, closed.body.code]).toEqual([409, 'transfer_not_pending']);
    expect((await api.transition('caseworker3', caseId, 'reopen_case')).status).toBe(200);
    const reopened = await answer('caseworker2', req.body.id, 'accept');
    expect([reopened.status, reopened.body.code]).toEqual([409, 'transfer_not_pending']);
    expect((await api.get('caseworker', caseId)).body.assignedTo).toBe(userId.caseworker);
    expect((await api.get('caseworker2', caseId)).status).toBe(404);
  });

  it('accept and cancel at the same moment: exactly one wins, and the case matches the winner', async () => {
    await api.as('caseworker');
    await api.as('caseworker2');
    for (let round = 0; round < 4; round++) {
      const caseId = await register(`Race${round}`);
      const req = await requestTransfer('caseworker', caseId, { toUserId: userId.caseworker2, locationCode: 'ST01', reason: 'Moved to Strășeni' });
      const accept = () => answer('caseworker2', req.body.id, 'accept');
      const cancel = () => answer('caseworker', req.body.id, 'cancel', { reason: 'Changed our mind' });
      // Sent in either order, so that each side wins in some rounds.
      const [acc, can] = round % 2 ? (await Promise.all([cancel(), accept()])).reverse() : await Promise.all([accept(), cancel()]);
      expect([acc.status, can.status].sort()).toEqual([200, 409]);
      const loser = acc.status === 409 ? acc : can;
      expect(loser.body.code).toBe('transfer_not_pending');
      const owner = acc.status === 200 ? 'caseworker2' : 'caseworker';
      const other = acc.status === 200 ? 'caseworker' : 'caseworker2';
      const view = await api.get(owner, caseId);
      expect(view.body).toMatchObject({ assignedTo: userId[owner], locationCode: acc.status === 200 ? 'ST01' : 'CH01' });
      expect((await api.get(other, caseId)).status).toBe(404);
      const list = (await transfersOf(owner, caseId)).body;
      expect(list).toEqual([expect.objectContaining({ status: acc.status === 200 ? 'accepted' : 'cancelled' })]);
      expect(await transferTypes(owner, caseId)).toEqual(['transfer_requested', acc.status === 200 ? 'transfer_accepted' : 'transfer_cancelled']);
    }
  });

  it('two requests at the same moment: one is pending, the other refused', async () => {
    const caseId = await register('Twice');
    const [a, b] = await Promise.all([
      requestTransfer('caseworker', caseId, { toUserId: userId.caseworker2, locationCode: 'ST01', reason: 'Moved to Strășeni' }),
      requestTransfer('caseworker3', caseId, { toUserId: userId.caseworker2, locationCode: 'ST01', reason: 'Moved to Strășeni too' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect((a.status === 409 ? a : b).body.code).toBe('transfer_pending');
    expect((await transfersOf('caseworker', caseId)).body).toHaveLength(1);
  });

  it('the supervisor of the receiving team accepts on behalf of the team', async () => {
    const caseId = await register('Elisaveta');
    const req = await requestTransfer('supervisor', caseId, { toUserId: userId.caseworker2, locationCode: 'ST01', reason: 'Placement in Strășeni' });
    expect(req.status).toBe(201);
    const res = await answer('supervisor_st', req.body.id, 'accept');
    expect(res.status).toBe(200);
    expect((await api.get('caseworker2', caseId)).body.assignedTo).toBe(userId.caseworker2);
    expect((await transfersOf('supervisor_st', caseId)).body[0]).toMatchObject({
      status: 'accepted',
      requestedBy: { id: userId.supervisor },
      decidedBy: { id: userId.supervisor_st },
      to: { teamId: 'st_social_team', agencyId: 'social_st' },
    });
    // The requester (supervisor) and the previous owner (caseworker) are both told.
    for (const who of ['supervisor', 'caseworker']) {
      expect((await inbox(who)).filter((m) => m.kind === 'transfer_answered' && m.caseId === caseId)).toHaveLength(1);
    }
    expect((await incoming('supervisor_st', '?status=accepted')).body.map((x: any) => x.id)).toContain(req.body.id);
    expect((await incoming('supervisor_st')).body.map((x: any) => x.id)).not.toContain(req.body.id);
  });

  it("the transfer form names the receiving district or community by its name, and takes only such a place's code", async () => {
    const forms = (await t.http.get('/api/sop?locale=ro').set(await api.as('caseworker'))).body.forms;
    const field = forms.find((f: any) => f.id === 'transfer').schema.properties.receiving_location;
    expect(field.title).toBe('Raionul sau comunitatea care preia cazul');
    // Districts and communities (not the country), each community with its district, in Romanian.
    expect(field.oneOf.slice(0, 3)).toEqual([
      { const: 'CH', title: 'municipiul Chișinău' },
      { const: 'CH01', title: 'comuna Bubuieci (municipiul Chișinău)' },
      { const: 'CH02', title: 'orașul Codru (municipiul Chișinău)' },
    ]);
    expect(field.oneOf.map((o: any) => o.const)).not.toContain('MD');
    const caseId = await register('Lucia');
    // A transfer can be asked for once the case is being assessed.
    expect((await api.transition('caseworker', caseId, 'start_assessment')).status).toBe(200);
    const fill = (receiving_location: string) =>
      api.fill('caseworker', caseId, 'transfer', { receiving_location, reason: 'Moved', transfer_date: '2026-03-01' });
    for (const notAPlace of ['Strășeni', 'MD']) {
      const refused = await fill(notAPlace);
      expect([notAPlace, refused.status, refused.body.errors.map((e: any) => e.path)]).toEqual([notAPlace, 422, ['/receiving_location']]);
    }
    expect((await fill('ST')).status).toBe(200);
  });
});
