import * as path from 'node:path';
import { HOUR_MS, DAY_MS } from '@app/core';
import { readPackDir } from '@app/sop';
import { REPO_ROOT, startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * The Moldova emergency-placement scenario (shared/scenarios) through the HTTP API on real PostgreSQL:
 * notification, sibling registration, risk-driven deadlines, a pack change, approvals, refusals,
 * closure with a reason and reopening.
 */
describe('Moldova scenario: emergency removal and foster placement', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  const registeredAt = new Date('2026-03-02T08:00:00Z');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp('moldova_journey', { start: registeredAt });
    api = casesClient(t);
  });
  afterAll(async () => t?.close());

  const cristina = {
    first_name: 'Cristina',
    last_name: 'Rusu',
    sex: 'female',
    date_of_birth: '2019-02-11',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  };

  it('1. the police officer files a notification and can read only that', async () => {
    const res = await api.register('police', 'notification', {
      reporter_type: 'police',
      reporter_name: 'Sergiu Botnaru',
      child_description: 'Girl of about 7 and twin boys of 2 at the same address',
      concern_types: ['physical_abuse'],
      concern_description: 'Neighbours called 112: screaming and a crying toddler.',
      immediate_danger: true,
    });
    expect(res.status).toBe(201);
    expect(res.body.caseNumber).toBe('NT-CH-2026-000001');
    ids.notification = res.body.id;
    expect((await api.get('police', ids.notification)).status).toBe(200);
    const list = await t.http.get('/api/cases').set(await api.as('police'));
    expect(list.body.items.map((c: any) => c.id)).toEqual([ids.notification]);
  });

  it('2. the social worker registers Cristina linked to the notification; case number from the pack format', async () => {
    const res = await api.register('caseworker', 'child_protection', cristina, [{ caseId: ids.notification, kind: 'notification' }]);
    expect(res.status).toBe(201);
    expect(res.body.caseNumber).toBe('MD-CH-2026-000001');
    expect(res.body.step).toBe('registration');
    expect(res.body.displayName).toBe('Cristina Rusu');
    expect(res.body.sopVersionId).toBeGreaterThan(0);
    expect(res.headers.etag).toBe('"1"');
    ids.cristina = res.body.id;
    expect(res.body.links).toEqual([expect.objectContaining({ linkedCaseId: ids.notification, kind: 'notification' })]);
    // The police officer cannot read the child's case, not even know it exists.
    const denied = await api.get('police', ids.cristina);
    expect(denied.status).toBe(404);
    expect(denied.body.code).toBe('case_not_found');
    expect(denied.headers['content-type']).toContain('application/problem+json');
  });

  it('3. the notification is processed within its deadline', async () => {
    const before = await api.deadlines('caseworker', ids.notification);
    expect(before.body.map((d: any) => d.deadline)).toContain('notification_processing');
    const res = await api.transition('caseworker', ids.notification, 'process_notification');
    expect(res.status).toBe(200);
    expect(res.body.case.status).toBe('closed');
    const met = await api.deadlines('caseworker', ids.notification, 'met');
    expect(met.body.map((d: any) => d.deadline)).toContain('notification_processing');
  });

  it('4. initial assessment with risk high sets the next deadline 48 hours after registration', async () => {
    t.clock.advance(2 * HOUR_MS);
    const moved = await api.transition('caseworker', ids.cristina, 'start_assessment');
    expect(moved.status).toBe(200);
    expect(moved.body.case.step).toBe('initial_assessment');
    const filled = await api.fill('caseworker', ids.cristina, 'initial_assessment', {
      assessment_date: '2026-03-02',
      risk_level: 'high',
      protection_concerns: ['sexual_abuse'],
      summary: "Signs of sexual abuse reported by the hospital; mother's partner in the home.",
    });
    expect(filled.status).toBe(200);
    expect(filled.body.risk).toBe('high');
    const open = await api.deadlines('caseworker', ids.cristina);
    const initialResponse = open.body.find((d: any) => d.deadline === 'initial_response');
    expect(initialResponse.dueAt).toBe(new Date(registeredAt.getTime() + 48 * HOUR_MS).toISOString());
  });

  it("5. changing only the pack's risk table (high: 48 h -> 24 h) changes the deadline of cases on the new version", async () => {
    const files = await readPackDir(path.join(REPO_ROOT, 'sops/moldova'));
    const deadlines = structuredClone(files['deadlines.json']) as any;
    const def = deadlines.deadlines.find((d: any) => d.id === 'initial_response');
    const high = def.due.find((d: any) => JSON.stringify(d.when ?? null).includes('high'));
    expect(high.after).toEqual({ hours: 48 });
    high.after = { hours: 24 };
    const published = await t.http
      .post('/api/sop/versions')
      .set(await api.as('admin'))
      .send({ files: { ...files, 'deadlines.json': deadlines }, note: 'High risk: respond within 24 h' });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 2, created: true });

    // The twins are registered on the new version, as siblings of Cristina.
    for (const first of ['Ion', 'Mihai']) {
      const res = await api.register('caseworker', 'child_protection', { ...cristina, first_name: first, sex: 'male', date_of_birth: '2024-05-20' }, [
        { caseId: ids.cristina, kind: 'sibling' },
        { caseId: ids.notification, kind: 'notification' },
      ]);
      expect(res.status).toBe(201);
      ids[first] = res.body.id;
    }
    const twinAt = t.clock.now();
    await api.transition('caseworker', ids.Ion, 'start_assessment');
    await api.fill('caseworker', ids.Ion, 'initial_assessment', { assessment_date: '2026-03-02', risk_level: 'high', summary: 'Beaten; hospital report.' });
    const twin = (await api.deadlines('caseworker', ids.Ion)).body.find((d: any) => d.deadline === 'initial_response');
    expect(twin.dueAt).toBe(new Date(twinAt.getTime() + 24 * HOUR_MS).toISOString());
    // Cristina's case stays on the version it started on (no silent change under a running case).
    const kept = (await api.deadlines('caseworker', ids.cristina)).body.find((d: any) => d.deadline === 'initial_response');
    expect(kept.dueAt).toBe(new Date(registeredAt.getTime() + 48 * HOUR_MS).toISOString());
    // Siblings are linked both ways.
    const view = await api.get('caseworker', ids.cristina);
    expect(view.body.links.map((l: any) => l.linkedCaseId).sort()).toEqual([ids.notification, ids.Ion, ids.Mihai].sort());
  });

  it('6. emergency placement waits for the district guardianship authority', async () => {
    const referral = await api.addEntry('caseworker', ids.cristina, 'referral', {
      service_type: 'foster_care',
      receiving_agency: 'Foster care service Chișinău',
      reason: 'Emergency removal',
      consent_to_share: true,
    });
    expect(referral.status).toBe(201);
    const requested = await api.transition('caseworker', ids.cristina, 'request_emergency_placement');
    expect(requested.status).toBe(202);
    expect(requested.body.outcome).toBe('approval_requested');
    const self = await api.decide('caseworker', ids.cristina, 'approve');
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('approval_forbidden');
    const approved = await api.decide('district', ids.cristina, 'approve', 'Emergency placement authorised.');
    expect(approved.status).toBe(200);
    expect(approved.body.case.step).toBe('emergency_placement');
  });

  it('7. assessments, then the care plan cannot move on until the supervisor approves', async () => {
    expect((await api.transition('caseworker', ids.cristina, 'start_specialised_assessments')).status).toBe(200);
    expect((await api.transition('caseworker', ids.cristina, 'start_comprehensive_assessment')).status).toBe(200);
    const blocked = await api.transition('caseworker', ids.cristina, 'start_care_planning');
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('transition_blocked');
    expect(blocked.body.reasons).toEqual([expect.objectContaining({ code: 'form_incomplete' })]);
    t.clock.advance(20 * HOUR_MS);
    const ca = await api.fill('caseworker', ids.cristina, 'comprehensive_assessment', {
      assessment_date: '2026-03-03',
      needs_identified: ['health', 'safety'],
      summary: 'Needs medical follow-up and safe placement.',
    });
    expect(ca.status).toBe(200);
    const met = (await api.deadlines('caseworker', ids.cristina, 'met')).body.map((d: any) => d.deadline);
    expect(met).toContain('initial_response');
    expect((await api.transition('caseworker', ids.cristina, 'start_care_planning')).status).toBe(200);
    const plan = await api.fill('caseworker', ids.cristina, 'care_plan', {
      goals: [{ goal: 'Medical care and counselling', service: 'health_care', responsible: 'Community doctor', target_date: '2026-04-01' }],
      review_date: '2026-03-20',
    });
    expect(plan.status).toBe(200);
    const requested = await api.transition('caseworker', ids.cristina, 'implement_care_plan');
    expect(requested.status).toBe(202);
    const options = (await api.transitions('caseworker', ids.cristina)).body;
    expect(options.every((o: any) => !o.available)).toBe(true);
    expect(options.find((o: any) => o.id === 'close_case').reasons.map((r: any) => r.code)).toContain('approval_pending');
    const approved = await api.decide('supervisor', ids.cristina, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.case.step).toBe('implementation');
    expect((await api.deadlines('caseworker', ids.cristina)).body.map((d: any) => d.deadline)).toContain('care_plan_review');
  });

  it('8. a transition the role may not perform is refused with a reason', async () => {
    const res = await api.transition('caseworker', ids.cristina, 'transfer_case');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('transition_forbidden');
    expect(res.body.reasons.map((r: any) => r.code)).toContain('role_not_allowed');
    const options = (await api.transitions('caseworker', ids.cristina)).body;
    const transfer = options.find((o: any) => o.id === 'transfer_case');
    expect(transfer.available).toBe(false);
    expect(transfer.reasons[0].code).toBe('role_not_allowed');
  });

  it('9. closure needs a reason from the SOP list; loss of contact only after 30 days', async () => {
    t.clock.advance(10 * DAY_MS);
    await api.fill('caseworker', ids.cristina, 'closure', {
      closure_reason: 'no_contact',
      closure_date: '2026-03-13',
      last_contact_date: '2026-03-05',
      summary: 'Family moved away.',
    });
    const refused = await api.transition('caseworker', ids.cristina, 'close_case');
    expect(refused.status).toBe(409);
    expect(refused.body.reasons).toEqual([expect.objectContaining({ code: 'guard_failed', message: expect.stringContaining('30 days') })]);
    await api.fill('caseworker', ids.cristina, 'closure', {
      closure_reason: 'needs_met',
      closure_date: '2026-03-13',
      summary: 'Child safe in foster care; needs met.',
    });
    const closed = await api.transition('caseworker', ids.cristina, 'close_case');
    expect(closed.status).toBe(200);
    expect(closed.body.case).toMatchObject({ status: 'closed', step: 'closed', fields: { closureReason: 'needs_met' } });
    expect(closed.body.case.closedAt).not.toBeNull();
    expect((await api.deadlines('caseworker', ids.cristina)).body).toEqual([]);
  });

  it('10. a closed case can be reopened; the timeline tells who did what', async () => {
    const reopened = await api.transition('supervisor', ids.cristina, 'reopen_case', 'New concern reported by the school.');
    expect(reopened.status).toBe(200);
    expect(reopened.body.case).toMatchObject({ status: 'open', step: 'initial_assessment', closedAt: null });
    expect(reopened.body.case.fields.closureReason).toBeUndefined();
    const timeline = (await api.timeline('caseworker', ids.cristina)).body;
    const types = timeline.map((e: any) => e.type);
    expect(types[0]).toBe('case_registered');
    expect(types).toEqual(expect.arrayContaining(['approval_requested', 'approval_granted', 'transition_performed', 'deadline_set', 'deadline_met']));
    const last = timeline[timeline.length - 1];
    expect(last).toMatchObject({ type: 'transition_performed', data: { transition: 'reopen_case', from: 'closed', to: 'initial_assessment' } });
    expect(last.actor.name).toBeTruthy();
    expect(timeline.map((e: any) => e.seq)).toEqual(timeline.map((_: any, i: number) => i + 1));
  });
});
