import { AuditService } from '@app/audit';
import { startTestApp, TestApp } from '../support/app';

/**
 * Discarding a draft through the API: only an open draft, closed without publishing and audited; it
 * stays readable with its change log, nothing of it reaches the next draft, and any later change of
 * it is refused (409) while a new draft may be started.
 */
describe('SOP drafts: discarding', () => {
  let t: TestApp;
  let admin: { authorization: string };
  const HIGH = '/deadlines.json/deadlines/0/due/0/after';

  beforeAll(async () => {
    t = await startTestApp('sop_draft_discard');
    admin = { authorization: await t.login('admin') };
  });
  afterAll(async () => t?.close());

  const start = async () => {
    const res = await t.http.post('/api/sop/drafts').set(admin).send({});
    expect(res.status).toBe(201);
    return res.body;
  };

  it('discards an edited draft: closed, audited, readable, and none of its edits reach the next draft', async () => {
    const draft = await start();
    const edited = await t.http
      .post(`/api/sop/drafts/${draft.id}/edits`)
      .set(admin)
      .send({ baseRevision: 1, operations: [{ op: 'replace', path: HIGH, value: { hours: 12 } }] });
    expect([edited.status, edited.body.revision]).toEqual([200, 2]);

    const gone = await t.http.delete(`/api/sop/drafts/${draft.id}`).set(admin);
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({ id: draft.id, status: 'discarded', closedBy: 'admin', revision: 2 });

    // Still readable, with its change log.
    const read = await t.http.get(`/api/sop/drafts/${draft.id}`).set(admin);
    expect([read.status, read.body.status, read.body.files['deadlines.json'].deadlines[0].due[0].after]).toEqual([200, 'discarded', { hours: 12 }]);
    const log = (await t.http.get(`/api/sop/drafts/${draft.id}/changes`).set(admin)).body.changes;
    expect(log.map((c: any) => c.kind)).toEqual(['created', 'edited']);

    const trail = await t.app.get(AuditService).trail({ limit: 50 });
    const discarded = trail.records.filter((r) => r.action === 'sop_draft.discarded');
    expect(discarded).toHaveLength(1);
    expect(discarded[0].details).toMatchObject({ draftId: draft.id, packId: 'moldova', revision: 2 });

    // The next draft starts again from the published version: 48 h, not the discarded 12 h.
    const next = await start();
    expect(next.id).not.toBe(draft.id);
    expect([next.revision, next.baseVersion, next.files['deadlines.json'].deadlines[0].due[0].after]).toEqual([1, 1, { hours: 48 }]);
    const list = (await t.http.get('/api/sop/drafts').set(admin)).body.drafts;
    expect(list.map((d: any) => [d.id, d.status])).toEqual([
      [next.id, 'open'],
      [draft.id, 'discarded'],
    ]);
  });

  it('refuses to discard, edit or publish a draft that is no longer open (409), and names an unknown one (404)', async () => {
    const { drafts } = (await t.http.get('/api/sop/drafts').set(admin)).body;
    const closed = drafts.find((d: any) => d.status === 'discarded');
    const calls = [
      t.http.delete(`/api/sop/drafts/${closed.id}`).set(admin),
      t.http
        .post(`/api/sop/drafts/${closed.id}/edits`)
        .set(admin)
        .send({ baseRevision: 2, operations: [{ op: 'replace', path: HIGH, value: { hours: 6 } }] }),
      t.http.post(`/api/sop/drafts/${closed.id}/publish`).set(admin).send({}),
    ];
    expect((await Promise.all(calls)).map((r) => [r.status, r.body.code])).toEqual(calls.map(() => [409, 'sop_draft_closed']));
    expect((await t.http.get(`/api/sop/drafts/${closed.id}`).set(admin)).body.revision).toBe(2);

    // A published draft cannot be discarded either.
    const open = drafts.find((d: any) => d.status === 'open');
    expect((await t.http.post(`/api/sop/drafts/${open.id}/publish`).set(admin).send({})).status).toBe(201);
    const late = await t.http.delete(`/api/sop/drafts/${open.id}`).set(admin);
    expect([late.status, late.body.code]).toEqual([409, 'sop_draft_closed']);
    expect((await t.http.get(`/api/sop/drafts/${open.id}`).set(admin)).body.status).toBe('published');

    expect((await t.http.delete('/api/sop/drafts/424242').set(admin)).status).toBe(404);
    const audited = (await t.app.get(AuditService).trail({ limit: 50 })).records.filter((r) => r.action === 'sop_draft.discarded');
    expect(audited).toHaveLength(1);
  });

  it('is for administrators only', async () => {
    const { drafts } = (await t.http.get('/api/sop/drafts').set(admin)).body;
    const res = await t.http.delete(`/api/sop/drafts/${drafts[0].id}`).set({ authorization: await t.login('supervisor') });
    expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
  });
});
