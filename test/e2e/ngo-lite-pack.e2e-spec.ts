import { HOUR_MS } from '@app/core';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * A deliberately different pack (other steps, roles, deadlines, numbering, working-day calendar)
 * runs through the same engine and API with no code change.
 */
describe('a second SOP pack (ngo-lite) runs on the same engine', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let caseId: string;
  // Friday 2026-03-06 10:00 UTC: two working days later skips the weekend.
  const start = new Date('2026-03-06T10:00:00Z');

  beforeAll(async () => {
    t = await startTestApp('ngo_lite', { sopDir: 'test/fixtures/packs/ngo-lite', start });
    api = casesClient(t);
  });
  afterAll(async () => t?.close());

  it("registers a beneficiary with the pack's own numbering and working-day deadline", async () => {
    const res = await api.register('vol1', 'beneficiary', { full_name: 'Sam Doe', birth_year: 2009, priority: 'normal' });
    expect(res.status).toBe(201);
    expect(res.body.caseNumber).toBe('ZZ-NORTH-2603-0001');
    expect(res.body.step).toBe('intake');
    caseId = res.body.id;
    const [firstContact] = (await api.deadlines('vol1', caseId)).body;
    expect(firstContact.deadline).toBe('first_contact');
    expect(firstContact.dueAt).toBe('2026-03-10T10:00:00.000Z');
  });

  it("keeps a volunteer's cases to that volunteer (scope own) and lets the coordinator see all", async () => {
    expect((await api.get('vol2', caseId)).status).toBe(404);
    expect((await t.http.get('/api/cases').set(await api.as('vol2'))).body.total).toBe(0);
    expect((await t.http.get('/api/cases').set(await api.as('coord'))).body.total).toBe(1);
  });

  it('needs two session notes (repeatable form) before the exit review', async () => {
    t.clock.advance(HOUR_MS);
    expect((await api.transition('vol1', caseId, 'accept')).status).toBe(200);
    expect((await api.deadlines('vol1', caseId, 'met')).body.map((d: any) => d.deadline)).toEqual(['first_contact']);
    await api.addEntry('vol1', caseId, 'session_note', { session_date: '2026-03-06', topic: 'Housing' });
    const early = await api.transition('vol1', caseId, 'review_exit');
    expect(early.status).toBe(409);
    expect(early.body.reasons[0]).toMatchObject({ code: 'form_incomplete' });
    await api.addEntry('vol1', caseId, 'session_note', { session_date: '2026-03-13', topic: 'Job search' });
    const view = await api.get('vol1', caseId);
    expect(view.body.forms.session_note).toHaveLength(2);
    expect((await api.transition('vol1', caseId, 'review_exit')).status).toBe(200);
  });

  it("archives with the coordinator and reactivates only with the coordinator's approval", async () => {
    expect((await api.transition('vol1', caseId, 'archive')).status).toBe(403);
    expect((await api.fill('coord', caseId, 'exit_interview', { exit_date: '2026-03-20', outcome: await outcomeValue() })).status).toBe(200);
    const archived = await api.transition('coord', caseId, 'archive');
    expect(archived.body.case).toMatchObject({ step: 'archived', status: 'closed' });
    expect((await api.transition('vol1', caseId, 'reactivate')).status).toBe(202);
    const approved = await api.decide('coord', caseId, 'approve');
    expect(approved.body.case).toMatchObject({ step: 'support', status: 'open' });
  });

  async function outcomeValue(): Promise<string> {
    const sop = await t.http.get('/api/sop').set(await api.as('coord'));
    return sop.body.optionLists.outcomes[0].value;
  }
});
