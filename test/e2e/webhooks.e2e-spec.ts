/**
 * Webhooks (issue 23, docs/webhooks.md): a receiver that is down for a while (503, then connection
 * refused) gets every event once it is back, each signed with the subscription's secret; payloads are
 * the case as the subscription's role may read it; a role that may not read the case gets nothing;
 * during a rotation both secrets sign, after it only the new one. Real API, real PostgreSQL, the
 * worker's dispatch tick driven with the controlled clock.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { SchedulerService } from '@app/scheduler';
import { verifySignature, WebhookSender } from '@app/webhooks';
import { startTestApp, TestApp } from '../support/app';
import { casesClient, childInAssessment } from '../support/cases-client';

interface Received {
  path: string;
  id: string;
  timestamp: number;
  signature: string;
  contentType: string;
  raw: string;
  body: any;
}

/** A webhook receiver on 127.0.0.1: answers `status` while up; `down()` closes it (connection refused). */
class Receiver {
  readonly received: Received[] = [];
  status = 503;
  private server: http.Server | null = null;
  port = 0;

  async up(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.received.push({
          path: req.url ?? '',
          id: String(req.headers['x-cmis-webhook-id']),
          timestamp: Number(req.headers['x-cmis-webhook-timestamp']),
          signature: String(req.headers['x-cmis-signature']),
          contentType: String(req.headers['content-type']),
          raw,
          body: JSON.parse(raw),
        });
        res.writeHead(this.status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  accepted(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }
}

describe('Webhooks: signed, projected, at least once through a receiver outage', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let scheduler: SchedulerService;
  const receiver = new Receiver();
  let analyst: { id: string; secret: string };
  let blind: { id: string };

  const admin = async () => ({ Authorization: await t.login('admin') });
  const dispatchAt = async (iso: string) => {
    t.clock.set(new Date(iso));
    const result = await scheduler.tickDispatch();
    expect(result.errors).toEqual([]);
    return result.webhooks!;
  };
  const log = async (id: string) => {
    const res = await t.http.get(`/api/admin/webhooks/${id}/deliveries`).set(await admin());
    expect(res.status).toBe(200);
    return res.body.deliveries as Array<{
      id: string;
      eventType: string;
      status: string;
      attempts: number;
      log: Array<{ statusCode: number | null; error: string | null; durationMs: number }>;
    }>;
  };

  beforeAll(async () => {
    t = await startTestApp('webhooks');
    api = casesClient(t);
    scheduler = t.app.get(SchedulerService);
    await receiver.up();
  });
  afterAll(async () => {
    await receiver.down();
    await t?.close();
  });

  it('only administrators manage webhooks; other schemes and unknown roles are refused', async () => {
    expect((await t.http.get('/api/admin/webhooks').set(await api.as('caseworker'))).status).toBe(403);
    const ftp = await t.http
      .post('/api/admin/webhooks')
      .set(await admin())
      .send({ name: 'x', url: 'ftp://127.0.0.1/x', eventTypes: ['case.registered'], roleId: 'national_analyst' });
    expect(ftp.status).toBe(400);
    const role = await t.http
      .post('/api/admin/webhooks')
      .set(await admin())
      .send({ name: 'x', url: 'http://127.0.0.1/x', eventTypes: ['case.registered'], roleId: 'no_such_role' });
    expect(role.status).toBe(400);
    const type = await t.http
      .post('/api/admin/webhooks')
      .set(await admin())
      .send({ name: 'x', url: 'http://127.0.0.1/x', eventTypes: ['case.deleted'], roleId: 'national_analyst' });
    expect(type.status).toBe(400);
  });

  it('creating a subscription shows its secret once; the list never does', async () => {
    const events = ['case.registered', 'case.form_saved', 'case.transitioned'];
    const created = await t.http
      .post('/api/admin/webhooks')
      .set(await admin())
      .send({ name: 'Statistics office', url: `http://127.0.0.1:${receiver.port}/analyst`, eventTypes: events, roleId: 'national_analyst' });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    analyst = { id: created.body.id, secret: created.body.secret };
    const other = await t.http
      .post('/api/admin/webhooks')
      .set(await admin())
      .send({ name: 'Admin relay', url: `http://127.0.0.1:${receiver.port}/administrator`, eventTypes: events, roleId: 'administrator' });
    expect(other.status).toBe(201);
    blind = { id: other.body.id };
    const list = await t.http.get('/api/admin/webhooks').set(await admin());
    expect(list.status).toBe(200);
    expect(list.body.eventTypes).toEqual(expect.arrayContaining(events));
    expect(list.body.webhooks).toHaveLength(2);
    expect(JSON.stringify(list.body)).not.toContain(analyst.secret);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    // At rest the secret is sealed (CMIS_SECRETS_KEY), never stored as given.
    const [stored] = await t.app.get(DataSource).query(`SELECT secret_sealed FROM webhook_subscriptions WHERE id = $1`, [analyst.id]);
    expect(stored.secret_sealed).toMatch(/^v1\./);
    expect(stored.secret_sealed).not.toContain(analyst.secret.slice(6));
  });

  it('a receiver down for a while (503, then refused) gets every event once back, each signed, nothing its role may not read', async () => {
    t.clock.set(new Date('2026-03-02T09:00:00Z'));
    const caseId = await childInAssessment(api); // registered (with its registration form) and moved to the initial assessment
    const filled = await api.fill('caseworker', caseId, 'initial_assessment', {
      assessment_date: '2026-03-02',
      risk_level: 'high',
      summary: 'Beaten; hospital report.',
    });
    expect(filled.status).toBe(200);

    const queued = await log(analyst.id);
    expect(new Set(queued.map((d) => d.eventType))).toEqual(new Set(['case.registered', 'case.form_saved', 'case.transitioned']));
    expect(queued.length).toBeGreaterThanOrEqual(4);
    // The administrator role reads no case: nothing is queued for it, and nothing says a case exists.
    expect(await log(blind.id)).toEqual([]);

    receiver.status = 503;
    const first = await dispatchAt('2026-03-02T09:01:00Z');
    expect(first).toMatchObject({ sent: 0, retrying: queued.length });
    await receiver.down();
    const second = await dispatchAt('2026-03-02T10:00:00Z');
    expect(second).toMatchObject({ sent: 0, retrying: queued.length });
    receiver.status = 200;
    await receiver.up();
    const third = await dispatchAt('2026-03-02T11:00:00Z');
    expect(third).toMatchObject({ sent: queued.length, retrying: 0, failed: 0 });
    expect((await dispatchAt('2026-03-02T12:00:00Z')).sent).toBe(0); // nothing goes twice once accepted

    const accepted = receiver.accepted('/analyst').filter((_, i, all) => i >= all.length - queued.length);
    expect(new Set(accepted.map((r) => r.id))).toEqual(new Set(queued.map((d) => d.id))); // every id, none missing
    for (const r of receiver.accepted('/analyst')) {
      expect(r.contentType).toBe('application/json');
      expect(verifySignature(analyst.secret, r.signature, r.timestamp, r.raw)).toBe(true);
      expect(r.body.id).toBe(r.id);
      expect(r.body.case.id).toBe(caseId);
      // The national analyst reads sex and risk level, never a name.
      expect(r.raw).not.toContain('Rotaru');
      expect(r.raw).not.toContain('first_name');
      expect(r.body.case).not.toHaveProperty('displayName');
      expect(r.body.case).not.toHaveProperty('dateOfBirth');
      expect(r.body.case).toHaveProperty('sex', 'male');
    }
    const last = accepted.find((r) => r.body.type === 'case.form_saved' && r.body.case.forms.initial_assessment)!;
    expect(last.body.case.forms.initial_assessment[0].answers).toEqual({ risk_level: 'high' });
    expect(receiver.accepted('/administrator')).toEqual([]);

    const afterwards = await log(analyst.id);
    for (const d of afterwards) {
      expect(d).toMatchObject({ status: 'sent', attempts: 3 });
      expect(d.log.map((a) => a.statusCode ?? a.error)).toEqual([503, 'connection refused', 200]);
      expect(d.log.every((a) => a.durationMs >= 0)).toBe(true);
    }
  });

  it('during a rotation both secrets sign; after it ends only the new one', async () => {
    const rotated = await t.http
      .post(`/api/admin/webhooks/${analyst.id}/rotate`)
      .set(await admin())
      .send({ overlapHours: 1 });
    expect(rotated.status).toBe(200);
    const next = rotated.body.secret as string;
    expect(next).toMatch(/^whsec_/);
    expect(next).not.toBe(analyst.secret);
    expect(rotated.body.rotationEndsAt).toBe('2026-03-02T13:00:00.000Z');

    const caseId = await childInAssessment(api);
    await dispatchAt('2026-03-02T12:30:00Z');
    const during = receiver.received.filter((r) => r.path === '/analyst' && r.body.case.id === caseId);
    expect(during.length).toBeGreaterThan(0);
    for (const r of during) {
      expect(r.signature.split(',')).toHaveLength(2);
      expect(verifySignature(analyst.secret, r.signature, r.timestamp, r.raw)).toBe(true);
      expect(verifySignature(next, r.signature, r.timestamp, r.raw)).toBe(true);
    }

    t.clock.set(new Date('2026-03-02T13:30:00Z'));
    const later = await childInAssessment(api);
    await dispatchAt('2026-03-02T13:31:00Z');
    const after = receiver.received.filter((r) => r.path === '/analyst' && r.body.case.id === later);
    expect(after.length).toBeGreaterThan(0);
    for (const r of after) {
      expect(r.signature.split(',')).toHaveLength(1);
      expect(verifySignature(next, r.signature, r.timestamp, r.raw)).toBe(true);
      expect(verifySignature(analyst.secret, r.signature, r.timestamp, r.raw)).toBe(false);
    }
    analyst.secret = next;
  });

  it('a delivery that ran out of attempts fails and is replayed, same id; one delivery is replayed on demand', async () => {
    t.app.get(WebhookSender).configure({ maxAttempts: 2 }); // the worker's sender: few attempts for this test
    t.clock.set(new Date('2026-03-03T09:00:00Z'));
    receiver.status = 500;
    const caseId = await childInAssessment(api);
    await dispatchAt('2026-03-03T09:01:00Z');
    const failedNow = await dispatchAt('2026-03-03T10:00:00Z');
    expect(failedNow.failed).toBeGreaterThan(0);
    const failed = (await log(analyst.id)).filter((d) => d.status === 'failed');
    expect(failed).toHaveLength(failedNow.failed);

    receiver.status = 204;
    const replay = await t.http.post(`/api/admin/webhooks/${analyst.id}/replay-failed`).set(await admin());
    expect(replay.status).toBe(200);
    expect(replay.body.requeued).toBe(failed.length);
    const sent = await dispatchAt('2026-03-03T10:01:00Z');
    expect(sent.sent).toBe(failed.length);
    const got = receiver.received.filter((r) => r.path === '/analyst' && r.body.case.id === caseId && r.body.id);
    for (const d of failed) expect(got.some((r) => r.id === d.id)).toBe(true);

    const one = failed[0].id;
    const again = await t.http.post(`/api/admin/webhooks/${analyst.id}/deliveries/${one}/replay`).set(await admin());
    expect(again.status).toBe(200);
    const before = receiver.received.filter((r) => r.id === one).length;
    expect((await dispatchAt('2026-03-03T10:02:00Z')).sent).toBe(1);
    expect(receiver.received.filter((r) => r.id === one)).toHaveLength(before + 1);
    t.app.get(WebhookSender).configure({ maxAttempts: 12 });
  });

  it('a paused subscription queues nothing; management is audited', async () => {
    const paused = await t.http
      .put(`/api/admin/webhooks/${analyst.id}`)
      .set(await admin())
      .send({
        name: 'Statistics office',
        url: `http://127.0.0.1:${receiver.port}/analyst`,
        eventTypes: ['case.registered'],
        roleId: 'national_analyst',
        active: false,
      });
    expect(paused.status).toBe(200);
    expect(paused.body.active).toBe(false);
    const before = (await log(analyst.id)).length;
    await childInAssessment(api);
    expect((await log(analyst.id)).length).toBe(before);

    const audit: Array<{ action: string; details: string }> = await t.app
      .get(DataSource)
      .query(`SELECT action, details::text AS details FROM audit_log WHERE action LIKE 'webhook.%' ORDER BY at`);
    expect(new Set(audit.map((a) => a.action))).toEqual(
      new Set(['webhook.created', 'webhook.secret_rotated', 'webhook.deliveries_read', 'webhook.replayed', 'webhook.updated']),
    );
    expect(JSON.stringify(audit)).not.toContain('whsec_');
    const removed = await t.http.delete(`/api/admin/webhooks/${blind.id}`).set(await admin());
    expect(removed.status).toBe(204);
    expect((await t.http.get(`/api/admin/webhooks/${blind.id}/deliveries`).set(await admin())).status).toBe(404);
  });

  it('a missed deadline, fired by the scheduler, is sent as deadline.missed', async () => {
    receiver.status = 200;
    const created = await t.http
      .post('/api/admin/webhooks')
      .set(await admin())
      .send({ name: 'Deadlines', url: `http://127.0.0.1:${receiver.port}/deadlines`, eventTypes: ['deadline.missed'], roleId: 'district_authority' });
    expect(created.status).toBe(201);
    t.clock.set(new Date('2026-03-09T08:00:00Z')); // Monday: the initial assessment is due Thursday 08:00
    const caseId = await childInAssessment(api);
    await dispatchAt('2026-03-11T08:00:00Z');
    expect(receiver.accepted('/deadlines').filter((r) => r.body.case.id === caseId)).toEqual([]);
    t.clock.set(new Date('2026-03-12T08:01:00Z'));
    const tick = await scheduler.tick();
    expect(tick.errors).toEqual([]);
    const missed = receiver.accepted('/deadlines').filter((r) => r.body.case.id === caseId);
    expect(missed.length).toBeGreaterThan(0);
    for (const r of missed) {
      expect(r.body.type).toBe('deadline.missed');
      expect(verifySignature(created.body.secret, r.signature, r.timestamp, r.raw)).toBe(true);
    }
  });
});
