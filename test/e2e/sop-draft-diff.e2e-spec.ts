import { startTestApp, TestApp } from '../support/app';

/**
 * What publishing a draft would change, through the API (GET /api/sop/drafts/:id/diff): nothing for a
 * fresh draft, each edit as a change of the versions diff's kinds, nothing comparable while the draft
 * does not validate; administrators only. Lint findings carry the params their texts need.
 */
describe('SOP drafts: the diff against the published version', () => {
  let t: TestApp;
  let admin: { authorization: string };
  const HIGH = '/deadlines.json/deadlines/0/due/0/after';

  beforeAll(async () => {
    t = await startTestApp('sop_draft_diff');
    admin = { authorization: await t.login('admin') };
  });
  afterAll(async () => t?.close());

  it('lists what an edit changes against the current version, and nothing while the draft does not validate', async () => {
    const draft = (await t.http.post('/api/sop/drafts').set(admin).send({})).body;
    const fresh = await t.http.get(`/api/sop/drafts/${draft.id}/diff`).set(admin);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ draftId: draft.id, revision: 1, against: { version: 1 }, comparable: true, changes: [] });

    await t.http
      .post(`/api/sop/drafts/${draft.id}/edits`)
      .set(admin)
      .send({ baseRevision: 1, operations: [{ op: 'replace', path: HIGH, value: { hours: 24 } }] })
      .expect(200);
    const edited = (await t.http.get(`/api/sop/drafts/${draft.id}/diff`).set(admin)).body;
    expect(edited.revision).toBe(2);
    expect(edited.changes).toEqual([
      expect.objectContaining({
        kind: 'deadline_offset_changed',
        element: expect.objectContaining({ type: 'deadline' }),
        before: { hours: 48 },
        after: { hours: 24 },
      }),
    ]);

    // A step no transition reaches: linted (with the step in its params), still comparable.
    const steps = (await t.http.get(`/api/sop/drafts/${draft.id}`).set(admin)).body.files['workflow.json'].steps.length;
    const lonely = await t.http
      .post(`/api/sop/drafts/${draft.id}/edits`)
      .set(admin)
      .send({ baseRevision: 2, operations: [{ op: 'add', path: '/workflow.json/steps/-', value: { id: 'limbo', label: { en: 'Limbo' }, kind: 'terminal' } }] });
    expect(lonely.status).toBe(200);
    expect(lonely.body.findings).toContainEqual(
      expect.objectContaining({ code: 'unreachable_step', pointer: `/workflow.json/steps/${steps}`, params: { step: 'limbo' } }),
    );

    // Not a pack any more: nothing to compare until it is.
    await t.http
      .post(`/api/sop/drafts/${draft.id}/edits`)
      .set(admin)
      .send({ baseRevision: 3, operations: [{ op: 'replace', path: '/workflow.json/steps', value: 'none' }] })
      .expect(200);
    const broken = (await t.http.get(`/api/sop/drafts/${draft.id}/diff`).set(admin)).body;
    expect([broken.revision, broken.comparable, broken.changes]).toEqual([4, false, []]);

    expect((await t.http.get(`/api/sop/drafts/${draft.id}/diff`).set({ authorization: await t.login('caseworker') })).status).toBe(403);
    expect((await t.http.get('/api/sop/drafts/999/diff').set(admin)).status).toBe(404);
  });
});
