import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * What happens to offline changes the server could not apply (docs/adr/0012-offline-work-and-sync.md):
 * the user resolves a conflict by choosing values or retries a change; a device whose user was
 * deactivated while offline hands its queue over with its device secret, held for review and never
 * applied; the user's supervisor sees the team's held changes (answers by field name only) and may
 * discard one. Demo pack users: caseworker and caseworker3 are in the supervisor's team, caseworker2
 * and supervisor_st in another.
 */
describe('reviewing and resolving held offline changes', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let ds: DataSource;
  const userId: Record<string, string> = {};
  const child = (first: string) => ({
    first_name: first,
    last_name: 'Review',
    sex: 'female',
    date_of_birth: '2015-05-05',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
    address: 'Strada Veche 1',
    caregiver_phone: '069000000',
  });
  const sync = async (user: string, changes: unknown[]) =>
    t.http
      .post('/api/sync')
      .set(await api.as(user))
      .send({ changes });
  const held = async (user: string, scope?: string) => t.http.get(`/api/sync/held${scope ? `?scope=${scope}` : ''}`).set(await api.as(user));
  const fill = (caseRef: string, base: Record<string, unknown>, answers: Record<string, unknown>, madeAt?: string) => ({
    key: randomUUID(),
    kind: 'fill',
    case: caseRef,
    formId: 'registration',
    status: 'complete',
    base,
    answers,
    ...(madeAt ? { madeAt } : {}),
  });
  const audit = async (action: string) =>
    ds.query(`SELECT actor_id AS "actorId", case_id AS "caseId", details FROM audit_log WHERE action = $1 ORDER BY at, chain, seq`, [action]);

  beforeAll(async () => {
    t = await startTestApp('offline_sync_review');
    api = casesClient(t);
    ds = t.app.get(DataSource);
    for (const u of ['caseworker', 'caseworker3', 'supervisor']) userId[u] = (await t.http.get('/api/auth/me').set(await api.as(u))).body.id;
  });
  afterAll(() => t?.close());

  it('resolves a conflict with the value the user chose, refuses a choice the server has moved past, then retries the change that waited behind it', async () => {
    const created = (
      await sync('caseworker', [{ key: randomUUID(), kind: 'register', tempId: 'tmp-r1', caseType: 'child_protection', answers: child('Rada') }])
    ).body.outcomes[0];
    expect(created.outcome).toBe('applied');
    // Two workers of the team changed the same answer offline; the colleague's reached the server first.
    expect((await sync('caseworker3', [fill(created.caseId, { address: 'Strada Veche 1' }, { address: 'Strada Colleague 2' })])).body.outcomes[0].outcome).toBe(
      'applied',
    );
    const clash = fill(created.caseId, { address: 'Strada Veche 1', caregiver_phone: '069000000' }, { address: 'Strada Mine 3', caregiver_phone: '078111111' });
    const after = { key: randomUUID(), kind: 'transition', case: created.caseId, transitionId: 'start_assessment', fromStep: 'registration' };
    const outcomes = (await sync('caseworker', [clash, after])).body.outcomes;
    expect(outcomes.map((o: { reason: { code: string } }) => o.reason.code)).toEqual(['sync_conflict', 'sync_after_held_change']);
    expect((await held('caseworker')).body.held.map((h: { key: string }) => h.key)).toEqual([clash.key, after.key]);

    // Only a conflict is resolved by choosing; someone else's is not theirs to resolve.
    const notConflict = await t.http
      .post(`/api/sync/held/${after.key}/resolve`)
      .set(await api.as('caseworker'))
      .send({ answers: {}, base: {} });
    expect([notConflict.status, notConflict.body.code]).toEqual([409, 'sync_held_not_a_conflict']);
    const stranger = await t.http
      .post(`/api/sync/held/${clash.key}/resolve`)
      .set(await api.as('caseworker3'))
      .send({ answers: { address: 'Strada Mine 3' }, base: { address: 'Strada Colleague 2' } });
    expect([stranger.status, stranger.body.code]).toEqual([404, 'sync_held_change_not_found']);

    // The user keeps their own address and the phone change; meanwhile the colleague changed the address again.
    const choice = { answers: { address: 'Strada Mine 3', caregiver_phone: '078111111' }, base: { address: 'Strada Colleague 2' } };
    expect(
      (await sync('caseworker3', [fill(created.caseId, { address: 'Strada Colleague 2' }, { address: 'Strada Colleague 4' })])).body.outcomes[0].outcome,
    ).toBe('applied');
    const stale = await t.http
      .post(`/api/sync/held/${clash.key}/resolve`)
      .set(await api.as('caseworker'))
      .send(choice);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'sync_conflict', conflicts: [{ field: 'address', yours: 'Strada Mine 3', theirs: 'Strada Colleague 4' }] });
    let answers = (await api.get('caseworker', created.caseId)).body.forms.registration[0].answers;
    expect(answers).toMatchObject({ address: 'Strada Colleague 4', caregiver_phone: '069000000' });
    expect((await held('caseworker')).body.held.map((h: { key: string }) => h.key)).toEqual([clash.key, after.key]);

    const resolved = await t.http
      .post(`/api/sync/held/${clash.key}/resolve`)
      .set(await api.as('caseworker'))
      .send({ ...choice, base: { address: 'Strada Colleague 4' } });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ key: clash.key, outcome: 'applied', caseId: created.caseId, version: expect.any(Number) });
    answers = (await api.get('caseworker', created.caseId)).body.forms.registration[0].answers;
    expect(answers).toMatchObject({ address: 'Strada Mine 3', caregiver_phone: '078111111' });
    expect((await held('caseworker')).body.held.map((h: { key: string }) => h.key)).toEqual([after.key]);
    expect(await audit('sync.held_resolved')).toEqual([
      expect.objectContaining({ actorId: userId.caseworker, caseId: created.caseId, details: expect.objectContaining({ key: clash.key }) }),
    ]);
    // Resolved once: resolving again finds nothing held, and the device sending the original change again is told it is done.
    expect(
      (
        await t.http
          .post(`/api/sync/held/${clash.key}/resolve`)
          .set(await api.as('caseworker'))
          .send(choice)
      ).status,
    ).toBe(404);
    expect((await sync('caseworker', [clash])).body.outcomes[0]).toMatchObject({ outcome: 'applied', replayed: true });
    expect((await api.get('caseworker', created.caseId)).body.forms.registration[0].answers.address).toBe('Strada Mine 3');

    // The transition that waited behind the conflict, retried: applied through the engine.
    const retried = await t.http.post(`/api/sync/held/${after.key}/retry`).set(await api.as('caseworker'));
    expect([retried.status, retried.body.outcome]).toEqual([200, 'applied']);
    expect((await api.get('caseworker', created.caseId)).body.step).toBe('initial_assessment');
    expect((await held('caseworker')).body.held).toEqual([]);
    expect((await t.http.post(`/api/sync/held/${after.key}/retry`).set(await api.as('caseworker'))).status).toBe(404);
  });

  it('keeps a retried change held, with the new reason, when it still cannot apply; lists held changes in the order they were made', async () => {
    const created = (
      await sync('caseworker', [{ key: randomUUID(), kind: 'register', tempId: 'tmp-r2', caseType: 'child_protection', answers: child('Sanda') }])
    ).body.outcomes[0];
    expect((await api.transition('caseworker', created.caseId, 'start_assessment')).status).toBe(200);
    const day = (d: number) => new Date(t.clock.now().getTime() - d * 86_400_000).toISOString();
    const later = { key: randomUUID(), kind: 'transition', case: created.caseId, transitionId: 'start_assessment', fromStep: 'registration', madeAt: day(1) };
    const earlier = fill('tmp-unknown', {}, { address: 'x' }, day(2));
    await sync('caseworker', [later]);
    await sync('caseworker', [earlier]);
    expect((await held('caseworker')).body.held.map((h: { key: string }) => h.key)).toEqual([earlier.key, later.key]);

    const again = await t.http.post(`/api/sync/held/${later.key}/retry`).set(await api.as('caseworker'));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ key: later.key, outcome: 'held', reason: { code: 'sync_step_moved', details: { step: 'initial_assessment' } } });
    expect((await held('caseworker')).body.held.map((h: { key: string }) => h.key)).toEqual([earlier.key, later.key]);
    for (const h of [earlier, later]) expect((await t.http.post(`/api/sync/held/${h.key}/discard`).set(await api.as('caseworker'))).status).toBe(200);
  });

  it('takes the queue of a worker deactivated while offline through the device secret, holds it unapplied, once; the supervisor reviews and discards', async () => {
    const policy = await t.http.get('/api/sync/policy').set(await api.as('caseworker3'));
    expect(policy.body).toEqual({ maxDays: 7, lockAfterMinutes: 15 });
    const device = await t.http.post('/api/sync/devices').set(await api.as('caseworker3'));
    expect(device.status).toBe(201);
    const { deviceId, secret } = device.body;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const [stored] = await ds.query(`SELECT secret_hash FROM sync_devices WHERE id = $1`, [deviceId]);
    expect(stored.secret_hash).not.toContain(secret);

    const reg = await api.register('caseworker3', 'child_protection', child('Lucia'));
    expect(reg.status).toBe(201);
    const queue = [
      fill(reg.body.id, { caregiver_phone: '069000000' }, { caregiver_phone: '079999999' }),
      { key: randomUUID(), kind: 'register', tempId: 'tmp-h1', caseType: 'child_protection', answers: child('Zinaida') },
    ];
    const oldToken = await api.as('caseworker3');

    const admin = await api.as('admin');
    expect((await t.http.post(`/api/people/${userId.caseworker3}/deactivate`).set(admin)).status).toBe(200);
    const refused = await t.http.post('/api/sync').set(oldToken).send({ changes: queue });
    expect(refused.status).toBe(401);

    const handover = (authorization: string) => t.http.post('/api/sync/handover').set('Authorization', authorization).send({ changes: queue });
    const first = await handover(`Device ${deviceId}:${secret}`);
    expect(first.status).toBe(200);
    expect(first.body.handedOver).toBe(2);
    for (const o of first.body.outcomes) expect(o).toMatchObject({ outcome: 'held', reason: { code: 'sync_handed_over' } });
    // Never applied: the case keeps its phone, no case was registered.
    expect((await api.get('supervisor', reg.body.id)).body.forms.registration[0].answers.caregiver_phone).toBe('069000000');
    expect((await ds.query(`SELECT count(*)::int AS n FROM cases WHERE display_name LIKE 'Zinaida%'`))[0].n).toBe(0);

    const second = await handover(`Device ${deviceId}:${secret}`);
    expect(second.body).toMatchObject({
      handedOver: 0,
      outcomes: [
        { outcome: 'held', replayed: true },
        { outcome: 'held', replayed: true },
      ],
    });
    expect((await ds.query(`SELECT count(*)::int AS n FROM sync_changes WHERE device_id = $1`, [deviceId]))[0].n).toBe(2);
    expect((await audit('sync.handed_over')).map((a: { actorId: string; details: { count: number } }) => [a.actorId, a.details.count])).toEqual([
      [userId.caseworker3, 2],
      [userId.caseworker3, 0],
    ]);

    for (const wrong of [
      `Device ${deviceId}:${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`,
      `Device ${randomUUID()}:${secret}`,
      oldToken.Authorization,
      '',
    ]) {
      const res = await handover(wrong);
      expect([wrong, res.status, res.body.code]).toEqual([wrong, 401, 'sync_device_unauthorized']);
    }

    // The supervisor sees the deactivated member's handed-over changes: who, which case, why, the fields but not their values.
    const team = await held('supervisor', 'team');
    expect(team.status).toBe(200);
    const theirs = team.body.held.filter((h: { userId: string }) => h.userId === userId.caseworker3);
    expect(theirs.map((h: { key: string }) => h.key)).toEqual(queue.map((c) => c.key));
    expect(theirs[0]).toMatchObject({
      kind: 'fill',
      userActive: false,
      userName: expect.any(String),
      caseId: reg.body.id,
      caseNumber: reg.body.caseNumber,
      formId: 'registration',
      fields: ['caregiver_phone'],
      reason: { code: 'sync_handed_over' },
      receivedAt: expect.any(String),
    });
    expect(JSON.stringify(team.body)).not.toMatch(/079999999|Zinaida/);
    expect((await audit('sync.team_held_read')).at(-1)).toMatchObject({
      actorId: userId.supervisor,
      details: { keys: expect.arrayContaining(queue.map((c) => c.key)) },
    });

    // Other teams' supervisors and caseworkers see none of it and may not discard it.
    expect((await held('supervisor_st', 'team')).body.held.map((h: { key: string }) => h.key)).not.toContain(queue[0].key);
    for (const u of ['caseworker', 'caseworker2']) {
      const res = await held(u, 'team');
      expect([u, res.status, res.body.code]).toEqual([u, 403, 'sync_team_review_not_permitted']);
    }
    const discard = async (user: string) =>
      t.http
        .post(`/api/sync/held/${queue[0].key}/discard`)
        .set(await api.as(user))
        .send({ userId: userId.caseworker3 });
    expect((await discard('supervisor_st')).status).toBe(404);
    expect((await discard('caseworker')).status).toBe(404);

    expect((await discard('supervisor')).status).toBe(200);
    const left = (await held('supervisor', 'team')).body.held.filter((h: { userId: string }) => h.userId === userId.caseworker3);
    expect(left.map((h: { key: string }) => h.key)).toEqual([queue[1].key]);
    expect((await audit('sync.held_discarded')).filter((a: { details: { key: string } }) => a.details.key === queue[0].key)).toEqual([
      expect.objectContaining({ actorId: userId.supervisor, details: { key: queue[0].key, userId: userId.caseworker3 } }),
    ]);
    expect((await discard('supervisor')).status).toBe(404);
  });

  it('lets a user revoke one of their devices: its secret hands over nothing more; another user cannot revoke it', async () => {
    const { deviceId, secret } = (await t.http.post('/api/sync/devices').set(await api.as('caseworker'))).body;
    const other = await t.http.delete(`/api/sync/devices/${deviceId}`).set(await api.as('supervisor'));
    expect([other.status, other.body.code]).toEqual([404, 'sync_device_not_found']);
    expect((await t.http.delete(`/api/sync/devices/${deviceId}`).set(await api.as('caseworker'))).status).toBe(200);
    const change = fill(randomUUID(), {}, { address: 'x' });
    const res = await t.http
      .post('/api/sync/handover')
      .set('Authorization', `Device ${deviceId}:${secret}`)
      .send({ changes: [change] });
    expect([res.status, res.body.code]).toEqual([401, 'sync_device_unauthorized']);
    expect((await ds.query(`SELECT count(*)::int AS n FROM sync_changes WHERE key = $1`, [change.key]))[0].n).toBe(0);
    expect((await audit('sync.device_revoked')).map((a: { actorId: string }) => a.actorId)).toEqual([userId.caseworker]);
  });
});
