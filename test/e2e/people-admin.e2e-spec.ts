/**
 * People administration (issue 20): an administrator creates, changes, deactivates and reactivates
 * users, hands over one-time set-password codes, unlocks; a district administrator (the Moldova
 * pack's `district_admin`, `administer: { scope: "district", roles: [...] }`) works only within their
 * own district and cannot give a role wider than theirs. Every change is in the audit log.
 */
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';

const NEW_PASSWORD = 'lantern-orchard-47-quietly';

describe('people administration', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let district: { Authorization: string };
  let ds: DataSource;

  const audit = async (action: string, userId: string) =>
    ds.query(`SELECT actor_id AS "actorId", action, details FROM audit_log WHERE action = $1 AND details->>'userId' = $2 ORDER BY at`, [action, userId]);
  const usersCount = async (): Promise<number> => (await ds.query(`SELECT count(*)::int AS n FROM users`))[0].n;
  const signIn = (username: string, password: string) => t.http.post('/api/auth/login').send({ username, password });
  const newUser = (over: Record<string, unknown> = {}) => ({
    username: 'ana.popescu',
    displayName: 'Ana Popescu',
    email: 'ana.popescu@example.org',
    locale: 'ro',
    roles: ['caseworker'],
    location: 'CH01',
    agency: 'social_ch',
    team: 'ch_social_team',
    ...over,
  });

  beforeAll(async () => {
    t = await startTestApp('people_admin');
    ds = t.app.get(DataSource);
    admin = { Authorization: await t.login('admin') };
    district = { Authorization: await t.login('district_admin') };
  });
  afterAll(() => t?.close());

  it('creates a user without a password: the one-time code sets it once, then they sign in', async () => {
    const created = await t.http.post('/api/people').set(admin).send(newUser());
    expect(created.status).toBe(201);
    const { user, passwordCode } = created.body;
    expect(user).toMatchObject({ username: 'ana.popescu', roles: ['caseworker'], locationCode: 'CH01', active: true, passwordSet: false });
    expect(passwordCode.code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){4}$/);
    expect(new Date(passwordCode.expiresAt).getTime() - t.clock.now().getTime()).toBe(24 * 3_600_000);

    // No password works before the code is used (never a default one).
    expect((await signIn('ana.popescu', '')).status).toBe(400);
    expect((await signIn('ana.popescu', 'demo-only-Passw0rd!')).status).toBe(401);

    // The policy applies, and a refused password leaves the code usable.
    const weak = await t.http.post('/api/auth/password-reset').send({ code: passwordCode.code, password: 'ana.popescu-123456' });
    expect([weak.status, weak.body.code]).toEqual([422, 'password_too_weak']);
    const set = await t.http.post('/api/auth/password-reset').send({ code: passwordCode.code.toLowerCase(), password: NEW_PASSWORD });
    expect([set.status, set.body]).toEqual([200, { username: 'ana.popescu' }]);
    const reused = await t.http.post('/api/auth/password-reset').send({ code: passwordCode.code, password: 'another-long-passphrase-9' });
    expect([reused.status, reused.body.code]).toEqual([400, 'password_code_invalid']);

    expect((await signIn('ana.popescu', NEW_PASSWORD)).status).toBe(200);
    expect((await t.http.get(`/api/people/${user.id}`).set(admin)).body.passwordSet).toBe(true);

    const [entry] = await audit('user.created', user.id);
    expect(entry.details).toMatchObject({ username: 'ana.popescu', roles: ['caseworker'], locationCode: 'CH01' });
    expect(JSON.stringify(entry.details)).not.toContain(passwordCode.code);
    const [setEntry] = await audit('user.password_set', user.id);
    expect(setEntry.actorId).toBe(user.id);
    expect(JSON.stringify(setEntry)).not.toContain(NEW_PASSWORD);
  });

  it('refuses bad input with field paths and saves nothing', async () => {
    const before = await usersCount();
    const bad = await t.http
      .post('/api/people')
      .set(admin)
      .send(newUser({ username: 'bad.one', roles: ['astronaut'], location: 'XX', team: 'st_social_team' }));
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('user_invalid');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/location', '/roles/0', '/team']);
    const taken = await t.http
      .post('/api/people')
      .set(admin)
      .send(newUser({ username: 'caseworker' }));
    expect([taken.status, taken.body.code, taken.body.errors[0].path]).toEqual([409, 'username_taken', '/username']);
    const noContact = await t.http
      .post('/api/people')
      .set(admin)
      .send(newUser({ username: 'no.contact', email: null }));
    expect([noContact.status, noContact.body.errors[0].keyword]).toEqual([422, 'contact_required']);
    expect(await usersCount()).toBe(before);
  });

  it('edits a user, audited with the changed fields', async () => {
    const { body } = await t.http
      .post('/api/people')
      .set(admin)
      .send(newUser({ username: 'dan.rusu', displayName: 'Dan Rusu' }));
    const id = body.user.id;
    const edited = await t.http
      .patch(`/api/people/${id}`)
      .set(admin)
      .send({ displayName: 'Dan Rusu-Ceban', roles: ['caseworker', 'gbv_specialist'], locale: 'fr' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ displayName: 'Dan Rusu-Ceban', roles: ['caseworker', 'gbv_specialist'], locale: 'fr', username: 'dan.rusu' });
    const [entry] = await audit('user.updated', id);
    expect(entry.details.changed).toEqual({
      displayName: { from: 'Dan Rusu', to: 'Dan Rusu-Ceban' },
      roles: { from: ['caseworker'], to: ['caseworker', 'gbv_specialist'] },
      locale: { from: 'ro', to: 'fr' },
    });
  });

  it('deactivates: an open session is refused at its next request, open cases are listed; reactivates', async () => {
    const { body } = await t.http
      .post('/api/people')
      .set(admin)
      .send(newUser({ username: 'ion.leaving', displayName: 'Ion Leaving' }));
    const id = body.user.id;
    await t.http.post('/api/auth/password-reset').send({ code: body.passwordCode.code, password: NEW_PASSWORD });
    const login = await signIn('ion.leaving', NEW_PASSWORD);
    const session = { Authorization: `Bearer ${login.body.token}` };
    const reg = await t.http
      .post('/api/cases')
      .set(session)
      .send({
        caseType: 'child_protection',
        answers: { first_name: 'Radu', last_name: 'Lungu', sex: 'male', date_of_birth: '2015-05-05', consent_status: 'given', assent_status: 'given' },
      });
    expect(reg.status).toBe(201);
    expect((await t.http.get('/api/auth/me').set(session)).status).toBe(200);

    const off = await t.http.post(`/api/people/${id}/deactivate`).set(admin);
    expect(off.status).toBe(200);
    expect(off.body.user.active).toBe(false);
    expect(off.body.revokedSessions).toBe(1);
    expect(off.body.openCases).toEqual([expect.objectContaining({ id: reg.body.id, caseNumber: reg.body.caseNumber, caseType: 'child_protection' })]);
    expect((await t.http.get('/api/auth/me').set(session)).status).toBe(401);
    expect((await signIn('ion.leaving', NEW_PASSWORD)).status).toBe(401);
    expect((await audit('user.deactivated', id))[0].details).toMatchObject({ changed: { active: { from: true, to: false } }, openCases: 1 });
    // A deactivated user's code does not work either.
    const code = (await t.http.post(`/api/people/${id}/password-code`).set(admin)).body.code;
    expect((await t.http.post('/api/auth/password-reset').send({ code, password: 'fresh-long-passphrase-22' })).body.code).toBe('password_code_invalid');

    const on = await t.http.post(`/api/people/${id}/reactivate`).set(admin);
    expect([on.status, on.body.active]).toEqual([200, true]);
    expect((await signIn('ion.leaving', NEW_PASSWORD)).status).toBe(200);
    expect(await audit('user.reactivated', id)).toHaveLength(1);
    const self = await t.http.post(`/api/people/${(await t.http.get('/api/auth/me').set(admin)).body.id}/deactivate`).set(admin);
    expect([self.status, self.body.code]).toEqual([409, 'cannot_deactivate_self']);
  });

  it("refuses an administrator's change of their own roles, place or agency (nothing saved); their name they may change", async () => {
    for (const [who, headers] of [
      ['admin', admin],
      ['district_admin', district],
    ] as const) {
      const me = (await t.http.get(`/api/people/${(await t.http.get('/api/auth/me').set(headers)).body.id}`).set(headers)).body;
      for (const change of [{ roles: ['caseworker'] }, { location: 'CH01' }, { agency: me.agencyId ? null : 'social_ch' }]) {
        const res = await t.http.patch(`/api/people/${me.id}?locale=fr`).set(headers).send(change);
        expect([who, res.status, res.body.code, res.body.title]).toEqual([
          who,
          409,
          'cannot_change_own_access',
          'Vous ne pouvez pas changer vos propres rôles, lieu ou agence',
        ]);
      }
      const after = (await t.http.get(`/api/people/${me.id}`).set(headers)).body;
      expect([after.roles, after.locationCode, after.agencyId]).toEqual([me.roles, me.locationCode, me.agencyId]);
      expect((await t.http.get('/api/people/reach').set(headers)).status).toBe(200);
      // The same roles in another order change nothing; a new name is theirs to give.
      expect(
        (
          await t.http
            .patch(`/api/people/${me.id}`)
            .set(headers)
            .send({ roles: [...me.roles].reverse(), displayName: `${me.displayName} R.` })
        ).status,
      ).toBe(200);
    }
  });

  it('resets a password with a code that expires; a newer code replaces an older one', async () => {
    const { body } = await t.http
      .post('/api/people')
      .set(admin)
      .send(newUser({ username: 'maria.forgets' }));
    const id = body.user.id;
    const first = (await t.http.post(`/api/people/${id}/password-code`).set(admin)).body;
    const second = (await t.http.post(`/api/people/${id}/password-code`).set(admin)).body;
    expect((await t.http.post('/api/auth/password-reset').send({ code: first.code, password: NEW_PASSWORD })).body.code).toBe('password_code_invalid');
    expect((await t.http.post('/api/auth/password-reset').send({ code: body.passwordCode.code, password: NEW_PASSWORD })).body.code).toBe(
      'password_code_invalid',
    );
    t.clock.advance(24 * 3_600_000 + 1000);
    const expired = await t.http.post('/api/auth/password-reset').send({ code: second.code, password: NEW_PASSWORD });
    expect([expired.status, expired.body.code]).toEqual([400, 'password_code_invalid']);
    expect(await audit('user.password_code_issued', id)).toHaveLength(2);
    expect(JSON.stringify(await audit('user.password_code_issued', id))).not.toContain(second.code);
    admin = { Authorization: await t.login('admin') };
    district = { Authorization: await t.login('district_admin') };
  });

  it('unlocks: failed sign-ins are forgotten, so the throttle no longer holds the user back', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn('caseworker3', 'wrong-password-' + i)).status).toBe(401);
    expect((await signIn('caseworker3', 'demo-only-Passw0rd!')).status).toBe(429);
    const list = await t.http.get('/api/people').query({ q: 'caseworker3' }).set(admin);
    const id = list.body.items[0].id;
    const unlocked = await t.http.post(`/api/people/${id}/unlock`).set(admin);
    expect([unlocked.status, unlocked.body.clearedFailures]).toEqual([200, 3]);
    expect((await signIn('caseworker3', 'demo-only-Passw0rd!')).status).toBe(200);
    expect(await audit('user.unlocked', id)).toHaveLength(1);
  });

  it('searches and filters the list, paged', async () => {
    const byName = await t.http.get('/api/people').query({ q: 'cojocaru' }).set(admin);
    expect(byName.body.items.map((u: { username: string }) => u.username)).toEqual(['caseworker']);
    const inStraseni = await t.http.get('/api/people').query({ location: 'ST', role: 'caseworker' }).set(admin);
    expect(inStraseni.body.items.map((u: { username: string }) => u.username)).toEqual(['caseworker2']);
    const page = await t.http.get('/api/people').query({ limit: 2, offset: 1 }).set(admin);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(5);
    const inactive = await t.http.get('/api/people').query({ active: 'false' }).set(admin);
    expect(inactive.body.items.every((u: { active: boolean }) => !u.active)).toBe(true);
  });

  describe('a district administrator', () => {
    it('sees only the users of their district', async () => {
      const mine = await t.http.get('/api/people').query({ limit: 200 }).set(district);
      expect(mine.status).toBe(200);
      const usernames = mine.body.items.map((u: { username: string }) => u.username);
      expect(usernames).toEqual(expect.arrayContaining(['caseworker', 'supervisor', 'police']));
      expect(usernames).not.toContain('caseworker2'); // Strășeni
      expect(usernames).not.toContain('admin'); // national
      expect(mine.body.total).toBe(mine.body.items.length);
      const all = await t.http.get('/api/people').query({ limit: 200 }).set(admin);
      const outside = all.body.items.find((u: { username: string }) => u.username === 'caseworker2');
      expect((await t.http.get(`/api/people/${outside.id}`).set(district)).status).toBe(404);
      expect((await t.http.post(`/api/people/${outside.id}/deactivate`).set(district)).status).toBe(404);
      for (const action of ['reactivate', 'password-code', 'two-factor/reset', 'unlock'])
        expect([action, (await t.http.post(`/api/people/${outside.id}/${action}`).set(district)).status]).toEqual([action, 404]);
      expect((await t.http.patch(`/api/people/${outside.id}`).set(district).send({ displayName: 'X' })).status).toBe(404);
      expect((await t.http.get(`/api/people/${outside.id}`).set(admin)).body.active).toBe(true);
      expect((await t.http.get('/api/people').query({ q: 'caseworker2' }).set(district)).body).toMatchObject({ items: [], total: 0 });
      // The pack itself stays the full administrators'.
      expect((await t.http.get('/api/sop/versions').set(district)).status).toBe(403);
    });

    it('cannot create a user outside their district nor give a national role: 403, nothing saved', async () => {
      const before = await usersCount();
      const elsewhere = await t.http
        .post('/api/people')
        .set(district)
        .send(newUser({ username: 'st.worker', location: 'ST01', agency: 'social_st', team: 'st_social_team' }));
      expect([elsewhere.status, elsewhere.body.code, elsewhere.body.errors[0].path]).toEqual([403, 'administration_out_of_scope', '/location']);
      const national = await t.http
        .post('/api/people')
        .set(district)
        .send(newUser({ username: 'nat.analyst', roles: ['national_analyst'] }));
      expect([national.status, national.body.code, national.body.errors[0].path]).toEqual([403, 'administration_out_of_scope', '/roles/0']);
      const fullAdmin = await t.http
        .post('/api/people')
        .set(district)
        .send(newUser({ username: 'new.admin', roles: ['caseworker', 'administrator'] }));
      expect([fullAdmin.status, fullAdmin.body.errors[0].path]).toEqual([403, '/roles/1']);
      expect(await usersCount()).toBe(before);
      // In the administrator's language, the field named.
      const inFrench = await t.http
        .post('/api/people?locale=fr')
        .set(district)
        .send(newUser({ username: 'st.worker', location: 'ST01', team: null }));
      expect([inFrench.status, inFrench.body.title, inFrench.body.errors[0].label]).toEqual([403, 'Hors de ce que vous administrez', 'Lieu']);

      const inDistrict = await t.http
        .post('/api/people')
        .set(district)
        .send(newUser({ username: 'codru.worker', location: 'CH02' }));
      expect(inDistrict.status).toBe(201);
      expect(await usersCount()).toBe(before + 1);
      const id = inDistrict.body.user.id;
      const move = await t.http.patch(`/api/people/${id}`).set(district).send({ location: 'OR01', agency: null, team: null });
      expect([move.status, move.body.code]).toEqual([403, 'administration_out_of_scope']);
      const promote = await t.http
        .patch(`/api/people/${id}`)
        .set(district)
        .send({ roles: ['auditor'] });
      expect(promote.status).toBe(403);
      expect((await t.http.get(`/api/people/${id}`).set(district)).body).toMatchObject({ locationCode: 'CH02', roles: ['caseworker'] });
      const reach = await t.http.get('/api/people/reach').set(district);
      expect(reach.body.roles).toContain('caseworker');
      expect(reach.body.roles).not.toContain('national_analyst');
      expect(reach.body.locations.sort()).toEqual(['CH', 'CH01', 'CH02']);
    });
  });

  it('is refused to users who administer no one', async () => {
    const caseworker = { Authorization: await t.login('caseworker') };
    expect((await t.http.get('/api/people').set(caseworker)).status).toBe(403);
  });
});
