import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * What a phone queued offline reaches the server (docs/adr/0012-offline-work-and-sync.md): applied in
 * order through the engine, once per key; changes of different fields merge; the same field changed
 * on both sides, or a change the server refuses, is held with its reason, never dropped.
 */
describe('syncing changes made offline', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  const child = (first: string) => ({
    first_name: first,
    last_name: 'Offline',
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
  const register = (tempId: string, first: string) => ({ key: randomUUID(), kind: 'register', tempId, caseType: 'child_protection', answers: child(first) });

  beforeAll(async () => {
    t = await startTestApp('offline_sync');
    api = casesClient(t);
  });
  afterAll(() => t?.close());

  it('registers once when the same registration is sent twice (its reply lost), with its real number and deadline', async () => {
    const change = register('tmp-1', 'Irina');
    const first = await sync('caseworker', [change]);
    expect(first.status).toBe(200);
    const [applied] = first.body.outcomes;
    expect(applied).toMatchObject({ key: change.key, outcome: 'applied', tempId: 'tmp-1' });
    expect(applied.caseNumber).toMatch(/\d/);
    const again = await sync('caseworker', [change]);
    expect(again.body.outcomes[0]).toMatchObject({ outcome: 'applied', caseId: applied.caseId, caseNumber: applied.caseNumber, replayed: true });
    const [{ n }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM cases WHERE display_name LIKE 'Irina%'`);
    expect(n).toBe(1);
    expect((await api.deadlines('caseworker', applied.caseId)).body.length).toBeGreaterThan(0);
  });

  it('registers once when the same registration arrives twice at the same moment (a retry racing the first attempt)', async () => {
    const change = register('tmp-race', 'Doina');
    const [a, b] = await Promise.all([sync('caseworker', [change]), sync('caseworker', [change])]);
    expect(a.body.outcomes[0].outcome).toBe('applied');
    expect(b.body.outcomes[0]).toMatchObject({ outcome: 'applied', caseId: a.body.outcomes[0].caseId });
    const [{ n }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM cases WHERE display_name LIKE 'Doina%'`);
    expect(n).toBe(1);
  });

  it('applies a queue in order: a registration, then its form corrected and a transition, naming the case by its temporary id', async () => {
    const reg = register('tmp-2', 'Maria');
    const res = await sync('caseworker', [
      reg,
      {
        key: randomUUID(),
        kind: 'fill',
        case: 'tmp-2',
        formId: 'registration',
        status: 'complete',
        base: { address: 'Strada Veche 1' },
        answers: { address: 'Strada Nouă 2' },
      },
      { key: randomUUID(), kind: 'transition', case: 'tmp-2', transitionId: 'start_assessment', fromStep: 'registration' },
    ]);
    expect(res.body.outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(['applied', 'applied', 'applied']);
    const caseId = res.body.outcomes[0].caseId;
    const view = (await api.get('caseworker', caseId)).body;
    expect(view.step).toBe('initial_assessment');
    expect(view.forms.registration[0].answers.address).toBe('Strada Nouă 2');
  });

  it('keeps both changes when two people changed different fields, and holds the change when they changed the same field', async () => {
    const created = (await sync('caseworker', [register('tmp-3', 'Elena')])).body.outcomes[0];
    // Someone online changes the address meanwhile.
    expect((await api.fill('caseworker', created.caseId, 'registration', { ...child('Elena'), address: 'Strada Online 3' })).status).toBe(200);
    const phone = await sync('caseworker', [
      {
        key: randomUUID(),
        kind: 'fill',
        case: created.caseId,
        formId: 'registration',
        status: 'complete',
        base: { caregiver_phone: '069000000' },
        answers: { caregiver_phone: '078111111' },
      },
    ]);
    expect(phone.body.outcomes[0].outcome).toBe('applied');
    let answers = (await api.get('caseworker', created.caseId)).body.forms.registration[0].answers;
    expect(answers).toMatchObject({ address: 'Strada Online 3', caregiver_phone: '078111111' });

    const clash = {
      key: randomUUID(),
      kind: 'fill',
      case: created.caseId,
      formId: 'registration',
      status: 'complete',
      base: { address: 'Strada Veche 1' },
      answers: { address: 'Strada Offline 4' },
    };
    const after = { key: randomUUID(), kind: 'transition', case: created.caseId, transitionId: 'start_assessment', fromStep: 'registration' };
    const held = await sync('caseworker', [clash, after]);
    expect(held.body.outcomes[0]).toMatchObject({
      outcome: 'held',
      reason: {
        code: 'sync_conflict',
        details: { conflicts: [{ field: 'address', base: 'Strada Veche 1', yours: 'Strada Offline 4', theirs: 'Strada Online 3' }] },
      },
    });
    // Its later change waits behind it, in order: the transition is not taken.
    expect(held.body.outcomes[1]).toMatchObject({ outcome: 'held', reason: { code: 'sync_after_held_change' }, caseId: created.caseId });
    answers = (await api.get('caseworker', created.caseId)).body.forms.registration[0].answers;
    expect(answers.address).toBe('Strada Online 3');
    expect((await api.get('caseworker', created.caseId)).body.step).toBe('registration');

    const list = (await t.http.get('/api/sync/held').set(await api.as('caseworker'))).body.held;
    expect(list.map((h: { key: string }) => h.key)).toEqual(expect.arrayContaining([clash.key, after.key]));
    expect(list.find((h: { key: string }) => h.key === clash.key).change.answers).toEqual({ address: 'Strada Offline 4' });
    // Sent again, it is the same held change, not a second one.
    expect((await sync('caseworker', [clash])).body.outcomes[0]).toMatchObject({ outcome: 'held', replayed: true });

    expect((await t.http.post(`/api/sync/held/${clash.key}/discard`).set(await api.as('caseworker'))).status).toBe(200);
    const rest = (await t.http.get('/api/sync/held').set(await api.as('caseworker'))).body.held.map((h: { key: string }) => h.key);
    expect(rest).not.toContain(clash.key);
    expect((await t.http.post(`/api/sync/held/${clash.key}/discard`).set(await api.as('caseworker'))).status).toBe(404);
    // Nobody else's held changes are theirs to discard.
    expect((await t.http.post(`/api/sync/held/${after.key}/discard`).set(await api.as('caseworker2'))).status).toBe(404);
  });

  it('holds, with the reason, a change the server refuses or that the case has moved past', async () => {
    const created = (await sync('caseworker', [register('tmp-4', 'Ana')])).body.outcomes[0];
    expect((await api.transition('caseworker', created.caseId, 'start_assessment')).status).toBe(200);
    const moved = await sync('caseworker', [
      { key: randomUUID(), kind: 'transition', case: created.caseId, transitionId: 'start_assessment', fromStep: 'registration' },
    ]);
    expect(moved.body.outcomes[0]).toMatchObject({ outcome: 'held', reason: { code: 'sync_step_moved', details: { step: 'initial_assessment' } } });
    // The teacher may not fill the registration form: refused by the same rules as online, kept.
    const teacher = await sync('teacher', [
      { key: randomUUID(), kind: 'fill', case: created.caseId, formId: 'registration', status: 'complete', base: {}, answers: { notes: 'seen at school' } },
    ]);
    expect(teacher.body.outcomes[0].outcome).toBe('held');
    expect(teacher.body.outcomes[0].reason.code).toMatch(/not_found|not_permitted/);
    const unknown = await sync('caseworker', [
      { key: randomUUID(), kind: 'transition', case: 'tmp-never', transitionId: 'start_assessment', fromStep: 'registration' },
    ]);
    expect(unknown.body.outcomes[0]).toMatchObject({ outcome: 'held', reason: { code: 'sync_case_unknown' } });

    // An invalid answer, refused as online, is told in the user's language with the answer at fault by its label.
    const fresh = (await sync('caseworker', [register('tmp-4b', 'Anca')])).body.outcomes[0];
    const invalid = {
      key: randomUUID(),
      kind: 'fill',
      case: fresh.caseId,
      formId: 'registration',
      status: 'complete',
      base: { sex: 'female' },
      answers: { sex: 'dragon' },
    };
    const refused = await t.http
      .post('/api/sync?locale=fr')
      .set(await api.as('caseworker'))
      .send({ changes: [invalid] });
    const reason = refused.body.outcomes[0].reason;
    expect(reason.code).toBe('answers_invalid');
    expect(reason.message).not.toMatch(/registration|not valid/);
    expect(reason.details.errors).toEqual([expect.objectContaining({ label: 'Sexe', message: expect.any(String) })]);
    const listed = await t.http.get('/api/sync/held?locale=fr').set(await api.as('caseworker'));
    expect(listed.body.held.find((h: { key: string }) => h.key === invalid.key).reason.message).toBe(reason.message);
  });

  it('holds for review a change made offline longer ago than the pack allows (security.json offline.maxDays, 7 by default)', async () => {
    const created = (await sync('caseworker', [register('tmp-6', 'Vera')])).body.outcomes[0];
    const old = new Date(t.clock.now().getTime() - 8 * 86_400_000).toISOString();
    const recent = new Date(t.clock.now().getTime() - 6 * 86_400_000).toISOString();
    const res = await sync('caseworker', [
      {
        key: randomUUID(),
        kind: 'fill',
        madeAt: old,
        case: created.caseId,
        formId: 'registration',
        status: 'complete',
        base: { address: 'Strada Veche 1' },
        answers: { address: 'Old' },
      },
      { key: randomUUID(), kind: 'register', madeAt: recent, tempId: 'tmp-7', caseType: 'child_protection', answers: child('Lidia') },
    ]);
    expect(res.body.outcomes[0]).toMatchObject({ outcome: 'held', reason: { code: 'sync_made_too_long_ago', details: { maxDays: 7 } } });
    expect(res.body.outcomes[1].outcome).toBe('applied');
    expect((await api.get('caseworker', created.caseId)).body.forms.registration[0].answers.address).toBe('Strada Veche 1');
  });

  it('adds a visit recorded offline as a new entry of the repeatable form, once per key, next to an entry saved online meanwhile', async () => {
    const [created] = (await sync('caseworker', [register('tmp-visit', 'Vasilisa')])).body.outcomes;
    // The case at the implementation step, where visits are recorded (the way there is not this test's subject).
    await t.app.get(DataSource).query(`UPDATE cases SET step = 'implementation' WHERE id = $1`, [created.caseId]);
    const daysAgo = (n: number) => new Date(t.clock.now().getTime() - n * 86_400_000).toISOString().slice(0, 10);
    const visit = (date: string) => ({
      key: randomUUID(),
      kind: 'entry',
      case: 'tmp-visit',
      formId: 'follow_up_visit',
      answers: { visit_date: date, child_seen: true },
    });
    const offline = visit(daysAgo(3));
    const online = await api.addEntry('caseworker', created.caseId, 'follow_up_visit', { visit_date: daysAgo(2), child_seen: false });
    expect(online.status).toBe(201);
    const first = await sync('caseworker', [offline, visit(daysAgo(1))]);
    expect(first.body.outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(['applied', 'applied']);
    expect((await sync('caseworker', [offline])).body.outcomes[0]).toMatchObject({ outcome: 'applied', replayed: true });
    const entries = (await api.get('caseworker', created.caseId)).body.forms.follow_up_visit;
    expect(entries.map((e: { answers: { visit_date: string } }) => e.answers.visit_date).sort()).toEqual([daysAgo(3), daysAgo(2), daysAgo(1)]);
  });

  it('refuses a malformed queue as a whole, with the path of the problem, and applies nothing', async () => {
    const res = await sync('caseworker', [
      register('tmp-5', 'Olga'),
      { key: 'not-a-uuid', kind: 'register', tempId: 'x', caseType: 'child_protection', answers: {} },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    const [{ n }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM cases WHERE display_name LIKE 'Olga%'`);
    expect(n).toBe(0);
  });
});
