import { AuditService } from '@app/audit';
import { base32Decode, totp as totpCode } from '@app/identity';
import { hashPackFiles } from '@app/sop';
import { DemoUsersSeeder, SopRegistry } from '@app/sop-registry';
import { DEMO_PASSWORD, startTestApp, TestApp } from '../support/app';

/**
 * A draft of the Moldova pack edited through the API by two administrators at once: each change
 * attributed and checked like a publication, concurrent edits of other paths both kept, of the same
 * path refused naming it and who changed it; a draft with errors never publishes, a clean one
 * publishes the content its export shows.
 */
describe('SOP drafts', () => {
  let t: TestApp;
  let second: string;
  const HIGH = '/deadlines.json/deadlines/0/due/0/after';
  const NAME = '/pack.json/name/en';
  const limbo = { id: 'limbo', kind: 'normal', label: { en: 'Limbo', fr: 'Limbes', ro: 'Limb', ar: 'برزخ' } };

  const as = async (user: string) => ({ authorization: user === 'admin2' ? second : await t.login(user) });
  const draft = async (id: number) => (await t.http.get(`/api/sop/drafts/${id}`).set(await as('admin'))).body;
  const edit = async (user: string, id: number, baseRevision: number, operations: unknown[]) =>
    t.http
      .post(`/api/sop/drafts/${id}/edits`)
      .set(await as(user))
      .send({ baseRevision, operations });

  beforeAll(async () => {
    t = await startTestApp('sop_drafts');
    // A second administrator (the demo pack has one): same role and place, signed in with the demo's authenticator secret.
    const { pack } = await t.app.get(SopRegistry).current();
    const admin = pack.demoUsers.find((u) => u.username === 'admin')!;
    await t.app.get(DemoUsersSeeder).seed({ ...pack, demoUsers: [{ ...admin, username: 'admin2', displayName: 'Second Administrator' }] }, DEMO_PASSWORD);
    const totp = totpCode(base32Decode(admin.totpSecret!), t.clock.now().getTime());
    const res = await t.http.post('/api/auth/login').send({ username: 'admin2', password: DEMO_PASSWORD, totp });
    expect(res.status).toBe(200);
    second = `Bearer ${res.body.token}`;
  });
  afterAll(async () => t?.close());

  it('refuses a caseworker every draft endpoint (403), before anything else is looked at', async () => {
    const h = await as('caseworker');
    const calls = [
      t.http.get('/api/sop/drafts').set(h),
      t.http.post('/api/sop/drafts').set(h).send({}),
      t.http.get('/api/sop/drafts/1').set(h),
      t.http.post('/api/sop/drafts/1/edits').set(h).send({ baseRevision: 1, operations: [] }),
      t.http.get('/api/sop/drafts/1/changes').set(h),
      t.http.get('/api/sop/drafts/1/export').set(h),
      t.http
        .put('/api/sop/drafts/1/files')
        .set(h)
        .send({ baseRevision: 1, files: { 'pack.json': {} } }),
      t.http.post('/api/sop/drafts/1/publish').set(h).send({}),
      t.http.delete('/api/sop/drafts/1').set(h),
    ];
    expect((await Promise.all(calls)).map((r) => [r.status, r.body.code])).toEqual(calls.map(() => [403, 'forbidden']));
    expect((await t.http.get('/api/sop/drafts').set(await as('admin'))).body.drafts).toEqual([]);
  });

  let id: number;

  it('opens one draft from the published version, clean, and refuses a second open one', async () => {
    const created = await t.http
      .post('/api/sop/drafts')
      .set(await as('admin'))
      .send({});
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'open', revision: 1, baseVersion: 1, createdBy: 'admin', errors: 0, packId: 'moldova' });
    expect(created.body.files['workflow.json'].steps.length).toBeGreaterThan(5);
    // The installed plugins' files are theirs to give at publication, not the draft's.
    expect(Object.keys(created.body.files).filter((f) => f.startsWith('plugins/'))).toEqual([]);
    id = created.body.id;
    const again = await t.http
      .post('/api/sop/drafts')
      .set(await as('admin2'))
      .send({});
    expect([again.status, again.body.code, again.body.draftId]).toEqual([409, 'sop_draft_exists', id]);
  });

  it('keeps both edits of two administrators working from the same revision on different paths, each attributed', async () => {
    const base = (await draft(id)).revision;
    const first = await edit('admin', id, base, [{ op: 'replace', path: HIGH, value: { hours: 24 } }]);
    expect([first.status, first.body.revision, first.body.rebased]).toEqual([200, base + 1, false]);
    const other = await edit('admin2', id, base, [{ op: 'replace', path: NAME, value: 'Moldova (draft)' }]);
    expect([other.status, other.body.revision, other.body.rebased]).toEqual([200, base + 2, true]);

    const now = await draft(id);
    expect(now.revision).toBe(base + 2);
    expect(now.files['deadlines.json'].deadlines[0].due[0].after).toEqual({ hours: 24 });
    expect(now.files['pack.json'].name.en).toBe('Moldova (draft)');
    const log = (await t.http.get(`/api/sop/drafts/${id}/changes`).set(await as('admin'))).body.changes;
    expect(log.map((c: any) => [c.revision, c.kind, c.changedBy])).toEqual([
      [1, 'created', 'admin'],
      [base + 1, 'edited', 'admin'],
      [base + 2, 'edited', 'admin2'],
    ]);
    expect(log[1].operations).toEqual([{ op: 'replace', path: HIGH, value: { hours: 24 } }]);

    // At the same moment: the edits of one draft take turns, and both land.
    const [x, y] = await Promise.all([
      edit('admin', id, base + 2, [{ op: 'replace', path: '/pack.json/name/ro', value: 'Moldova (ciornă 1)' }]),
      edit('admin2', id, base + 2, [{ op: 'replace', path: '/pack.json/name/ar', value: 'مولدوفا (مسودة)' }]),
    ]);
    expect([x.status, y.status, [x.body.revision, y.body.revision].sort()]).toEqual([200, 200, [base + 3, base + 4]]);
    expect((await draft(id)).files['pack.json'].name).toMatchObject({ ro: 'Moldova (ciornă 1)', ar: 'مولدوفا (مسودة)' });
  });

  it('refuses an edit of a path someone changed since its revision (409 naming the path and who), saving nothing', async () => {
    const before = await draft(id);
    const base = before.revision;
    expect((await edit('admin', id, base, [{ op: 'replace', path: `${HIGH}/hours`, value: 12 }])).status).toBe(200);
    // The second administrator still sees `base`: the same deadline, and a harmless change of another file in the same patch.
    const late = await edit('admin2', id, base, [
      { op: 'replace', path: '/pack.json/name/fr', value: 'Moldavie (brouillon)' },
      { op: 'replace', path: HIGH, value: { hours: 36 } },
    ]);
    expect([late.status, late.body.code]).toEqual([409, 'sop_draft_conflict']);
    expect(late.body.conflicts).toEqual([expect.objectContaining({ path: HIGH, changedPath: `${HIGH}/hours`, changedByName: 'admin', revision: base + 1 })]);
    expect(late.body.detail).toContain('admin');
    const after = await draft(id);
    expect(after.revision).toBe(base + 1);
    expect(after.files['deadlines.json'].deadlines[0].due[0].after).toEqual({ hours: 12 });
    expect(after.files['pack.json'].name.fr).toBe(before.files['pack.json'].name.fr);
    // Inserting a step moves the later ones: an edit of a later step by its old index is refused too.
    const inserted = await edit('admin', id, base + 1, [{ op: 'add', path: '/workflow.json/steps/1', value: limbo }]);
    expect(inserted.status).toBe(200);
    const byIndex = await edit('admin2', id, base + 1, [{ op: 'replace', path: '/workflow.json/steps/3/label/en', value: 'Renamed' }]);
    expect([byIndex.status, byIndex.body.conflicts?.[0]?.changedPath]).toEqual([409, '/workflow.json/steps']);
    expect((await edit('admin', id, base + 2, [{ op: 'remove', path: '/workflow.json/steps/1' }])).status).toBe(200);
  });

  it('answers the lint finding an edit introduces, located on its element, and drops it when an edit fixes it', async () => {
    const { revision, files } = await draft(id);
    const at = files['workflow.json'].steps.length;
    const broken = await edit('admin', id, revision, [{ op: 'add', path: '/workflow.json/steps/-', value: limbo }]);
    expect(broken.status).toBe(200);
    const finding = broken.body.findings.find((f: any) => f.code === 'unreachable_step');
    expect(finding).toMatchObject({ severity: 'error', file: 'workflow.json', path: `$.steps[${at}]`, pointer: `/workflow.json/steps/${at}` });
    expect(broken.body.errors).toBeGreaterThan(0);
    expect((await draft(id)).errors).toBe(broken.body.errors);

    const refused = await t.http
      .post(`/api/sop/drafts/${id}/publish`)
      .set(await as('admin'))
      .send({});
    expect([refused.status, refused.body.code]).toEqual([422, 'sop_draft_has_errors']);
    expect(refused.body.findings).toContainEqual(expect.objectContaining({ code: 'unreachable_step', pointer: `/workflow.json/steps/${at}` }));
    expect((await draft(id)).status).toBe('open');

    const fixed = await edit('admin2', id, broken.body.revision, [{ op: 'remove', path: `/workflow.json/steps/${at}` }]);
    expect(fixed.status).toBe(200);
    expect(fixed.body.findings.filter((f: any) => f.code === 'unreachable_step' || f.code === 'dead_end_step')).toEqual([]);
    expect(fixed.body.errors).toBe(0);

    // Anything JSON can be saved in a draft: a file that is not even the right shape is a finding on that file.
    const roles = (await draft(id)).files['roles.json'];
    const nonsense = await edit('admin', id, fixed.body.revision, [{ op: 'replace', path: '/roles.json', value: 42 }]);
    expect(nonsense.status).toBe(200);
    expect(nonsense.body.findings).toContainEqual(expect.objectContaining({ severity: 'error', file: 'roles.json', pointer: '/roles.json' }));
    const back = await edit('admin', id, nonsense.body.revision, [{ op: 'replace', path: '/roles.json', value: roles }]);
    expect([back.status, back.body.errors]).toEqual([200, 0]);
  });

  it('refuses a bad JSON Patch with 422, the path and the reason, saving nothing', async () => {
    const { revision } = await draft(id);
    const missing = await edit('admin', id, revision, [
      { op: 'replace', path: NAME, value: 'never saved' },
      { op: 'remove', path: '/workflow.json/steps/99' },
    ]);
    expect([missing.status, missing.body.code, missing.body.path, missing.body.reason, missing.body.operation]).toEqual([
      422,
      'sop_draft_patch_invalid',
      '/workflow.json/steps/99',
      'path_not_found',
      1,
    ]);
    const malformed = await edit('admin', id, revision, [{ op: 'add', path: '/pack.json/name/de' }]);
    expect([malformed.status, malformed.body.code, malformed.body.reason]).toEqual([422, 'sop_draft_patch_invalid', 'invalid_operation']);
    const notAPatch = await edit('admin', id, revision, { op: 'add' } as any);
    expect([notAPatch.status, notAPatch.body.code]).toEqual([422, 'sop_draft_patch_invalid']);
    const future = await edit('admin', id, revision + 5, [{ op: 'replace', path: NAME, value: 'x' }]);
    expect([future.status, future.body.code]).toEqual([422, 'sop_draft_revision_unknown']);
    const now = await draft(id);
    expect([now.revision, now.files['pack.json'].name.en]).toEqual([revision, 'Moldova (draft)']);
  });

  it('imports pack files as one change per file that differs', async () => {
    const { revision } = await draft(id);
    const { files } = (await t.http.get(`/api/sop/drafts/${id}/export`).set(await as('admin'))).body;
    const changed = { ...files, 'pack.json': { ...files['pack.json'], name: { ...files['pack.json'].name, ro: 'Moldova (ciornă)' } } };
    const res = await t.http
      .put(`/api/sop/drafts/${id}/files`)
      .set(await as('admin2'))
      .send({ baseRevision: revision, files: changed });
    expect([res.status, res.body.revision, res.body.change.kind]).toEqual([200, revision + 1, 'imported']);
    expect(res.body.change.operations.map((o: any) => [o.op, o.path])).toEqual([['replace', '/pack.json']]);
    expect((await draft(id)).files['pack.json'].name.ro).toBe('Moldova (ciornă)');
  });

  it('publishes a clean draft as a new version with the hash of its export and the change log as note, then closes it', async () => {
    const exported = (await t.http.get(`/api/sop/drafts/${id}/export`).set(await as('admin'))).body;
    expect(exported.contentHash).toBe(hashPackFiles(exported.files));
    const published = await t.http
      .post(`/api/sop/drafts/${id}/publish`)
      .set(await as('admin'))
      .send({ revision: exported.revision, note: 'High risk: 12 h.' });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 2, created: true, contentHash: hashPackFiles(exported.files) });
    const versions = (await t.http.get('/api/sop/versions').set(await as('admin'))).body;
    const v2 = versions.find((v: any) => v.version === 2);
    expect(v2).toMatchObject({ contentHash: hashPackFiles(exported.files), publishedBy: 'admin' });
    expect(v2.note).toMatch(/^Draft \d+ from version 1: \d+ changes by admin \(\d+\), admin2 \(\d+\)\. High risk: 12 h\.$/);
    expect((await t.app.get(SopRegistry).current()).pack.deadlines[0].due[0].after).toEqual({ hours: 12 });

    expect(await draft(id)).toMatchObject({ status: 'published', publishedVersion: 2, closedBy: 'admin' });
    const closed = await edit('admin', id, exported.revision, [{ op: 'replace', path: NAME, value: 'x' }]);
    expect([closed.status, closed.body.code]).toEqual([409, 'sop_draft_closed']);
  });

  it('opens a new draft once the last is closed, and discards it', async () => {
    // Two administrators opening a draft at the same moment: one gets it, the other is told it exists.
    const [a, b] = await Promise.all([
      t.http
        .post('/api/sop/drafts')
        .set(await as('admin2'))
        .send({}),
      t.http
        .post('/api/sop/drafts')
        .set(await as('admin'))
        .send({}),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const next = a.status === 201 ? a : b;
    expect([next.body.baseVersion, (a.status === 409 ? a : b).body.code]).toEqual([2, 'sop_draft_exists']);
    const gone = await t.http.delete(`/api/sop/drafts/${next.body.id}`).set(await as('admin2'));
    expect([gone.status, gone.body.status, gone.body.closedBy]).toEqual([200, 'discarded', 'admin2']);
    expect((await t.http.delete(`/api/sop/drafts/${next.body.id}`).set(await as('admin2'))).body.code).toBe('sop_draft_closed');
    expect((await t.http.get('/api/sop/drafts/424242').set(await as('admin'))).status).toBe(404);
  });

  it('audits every change of a draft and its publication', async () => {
    const trail = await t.app.get(AuditService).trail({ limit: 200 });
    const actions = trail.records.filter((r) => r.action.startsWith('sop_draft.')).map((r) => r.action);
    expect(new Set(actions)).toEqual(new Set(['sop_draft.created', 'sop_draft.edited', 'sop_draft.imported', 'sop_draft.published', 'sop_draft.discarded']));
    // One entry per accepted edit (the refused ones saved nothing, not even an entry).
    const log = (await t.http.get(`/api/sop/drafts/${id}/changes`).set(await as('admin'))).body.changes;
    expect(actions.filter((a) => a === 'sop_draft.edited').length).toBe(log.filter((c: any) => c.kind === 'edited').length);
    expect(log.filter((c: any) => c.kind === 'edited').length).toBe(11);
  });
});
