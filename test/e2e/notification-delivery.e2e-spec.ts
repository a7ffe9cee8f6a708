import { AuditService } from '@app/audit';
import { SchedulerService } from '@app/scheduler';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';

/**
 * Email that does not go through at first: a mail server that says "try later" (451) gets the
 * reminder again after the back-off; one that says "no such mailbox" (550) fails it at once, and an
 * administrator sees it (without its body) and sends it again, both recorded in the audit log. The
 * in-app inbox has it regardless.
 * Moldova pack, real PostgreSQL, real SMTP conversation, controlled clock and scheduler tick.
 */
describe("Notification delivery: retries, failures and the administrator's outbox", () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let sink: SmtpSink;
  let scheduler: SchedulerService;
  let audit: AuditService;
  const CASEWORKER_MAIL = 'caseworker@demo.cmis.example';
  /** What the sink answers to RCPT TO, by address; absent: accepted. */
  const rejections = new Map<string, { code: number; message: string }>();
  const child = (first: string) => ({
    first_name: first,
    last_name: 'Ciobanu',
    sex: 'male',
    date_of_birth: '2018-05-20',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  });

  beforeAll(async () => {
    sink = await startSmtpSink({ failWith: (rcpt) => rejections.get(rcpt) ?? null });
    process.env.CMIS_SMTP_URL = sink.url;
    t = await startTestApp('notification_delivery', { start: new Date('2026-03-02T08:00:00Z') });
    api = casesClient(t);
    scheduler = t.app.get(SchedulerService);
    audit = t.app.get(AuditService);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
    delete process.env.CMIS_SMTP_URL;
  });

  const tickAt = async (iso: string) => {
    t.clock.set(new Date(iso));
    const result = await scheduler.tick();
    expect(result.errors).toEqual([]);
    return result;
  };
  const outbox = async (user: string, status: string) => t.http.get(`/api/admin/outbox?status=${status}`).set(await api.as(user));
  /** The reminder's outbox row as the administrator sees it, looked up in the given status. */
  const reminderRow = async (caseId: string, status: string) => {
    const res = await outbox('admin', status);
    expect(res.status).toBe(200);
    return (res.body.messages as any[]).find((m) => m.caseId === caseId && m.kind === 'deadline_reminder');
  };
  /** The audit entries of an action, newest first. */
  const audited = async (action: string) => (await audit.trail({ action, limit: 500 })).records;
  const whoIs = async (user: string): Promise<{ id: string; roles: string[] }> => (await t.http.get('/api/auth/me').set(await api.as(user))).body;
  const mailsAbout = (caseNumber: string) => sink.messages.filter((m) => m.subject.includes(caseNumber));
  /** Registers a child as the caseworker: initial_assessment_due in 3 working days, reminder 1 working day before. */
  const register = async (first: string) => {
    const reg = await api.register('caseworker', 'child_protection', child(first));
    expect(reg.status).toBe(201);
    return reg.body as { id: string; caseNumber: string };
  };

  describe('the mail server says "try again later" (451)', () => {
    let kid: { id: string; caseNumber: string };

    it('keeps the reminder pending with the error and one attempt; the inbox has it already', async () => {
      t.clock.set(new Date('2026-03-02T08:00:00Z')); // Monday: reminder Wednesday 08:00, due Thursday 08:00
      kid = await register('Petru');
      rejections.set(CASEWORKER_MAIL, { code: 451, message: '4.3.0 Mailbox busy, try again later' });

      const tick = await tickAt('2026-03-04T08:00:00Z');
      expect(tick.alerts!.fired).toBe(1);
      expect(tick.dispatch!.retrying).toBeGreaterThanOrEqual(1);
      const row = await reminderRow(kid.id, 'pending');
      expect(row).toMatchObject({ status: 'pending', attempts: 1, channel: 'email', username: 'caseworker', sentAt: null });
      expect(row.lastError).toContain('451');
      expect(row.nextAttemptAt).toBe('2026-03-04T08:00:30.000Z');
      expect(mailsAbout(kid.caseNumber)).toEqual([]);
      const inbox = await t.http.get('/api/me/notifications').set(await api.as('caseworker'));
      expect(inbox.body.filter((m: any) => m.caseId === kid.id && m.kind === 'deadline_reminder')).toHaveLength(1);
    });

    it('tries again only after the back-off (30 s, then 60 s) and sends it once the server accepts', async () => {
      await tickAt('2026-03-04T08:00:29Z');
      expect(await reminderRow(kid.id, 'pending')).toMatchObject({ attempts: 1 });

      // Second attempt, still refused: the next one is a minute later.
      await tickAt('2026-03-04T08:00:30Z');
      const second = await reminderRow(kid.id, 'pending');
      expect(second).toMatchObject({ attempts: 2, nextAttemptAt: '2026-03-04T08:01:30.000Z' });
      expect(second.lastError).toContain('451');

      // The server accepts again; the message still waits for its time.
      rejections.delete(CASEWORKER_MAIL);
      await tickAt('2026-03-04T08:01:29Z');
      expect(mailsAbout(kid.caseNumber)).toEqual([]);

      const tick = await tickAt('2026-03-04T08:01:30Z');
      expect(tick.dispatch!.sent).toBeGreaterThanOrEqual(1);
      const sent = await reminderRow(kid.id, 'sent');
      expect(sent).toMatchObject({ status: 'sent', attempts: 3, lastError: null, sentAt: '2026-03-04T08:01:30.000Z' });
      expect(await reminderRow(kid.id, 'pending')).toBeUndefined();
      const mails = mailsAbout(kid.caseNumber);
      expect(mails).toHaveLength(1);
      expect(mails[0].to.map((a) => a.address)).toEqual([CASEWORKER_MAIL]);
      expect(mails[0].subject).toMatch(/^Reminder: /);

      // Nothing goes twice.
      await tickAt('2026-03-04T09:00:00Z');
      expect(mailsAbout(kid.caseNumber)).toHaveLength(1);
    });
  });

  describe('the mail server says "no such mailbox" (550)', () => {
    let kid: { id: string; caseNumber: string };
    let messageId: string;
    let failedAt: string;

    it('fails the reminder at once; the in-app inbox still has it and it can be marked read', async () => {
      t.clock.set(new Date('2026-03-09T08:00:00Z')); // Monday: reminder Wednesday 08:00
      kid = await register('Dumitru');
      rejections.set(CASEWORKER_MAIL, { code: 550, message: '5.1.1 Mailbox unknown' });
      failedAt = '2026-03-11T08:00:00Z';
      const tick = await tickAt(failedAt);
      expect(tick.dispatch!.failed).toBeGreaterThanOrEqual(1);
      expect(await reminderRow(kid.id, 'pending')).toBeUndefined();
      messageId = (await reminderRow(kid.id, 'failed')).id;
      expect(mailsAbout(kid.caseNumber)).toEqual([]);

      const caseworker = await api.as('caseworker');
      const inbox = await t.http.get('/api/me/notifications').set(caseworker);
      expect(inbox.status).toBe(200);
      const note = (inbox.body as any[]).find((m) => m.caseId === kid.id && m.kind === 'deadline_reminder');
      expect(note).toMatchObject({ readAt: null });
      expect(note.title).toContain(kid.caseNumber);

      // Only its owner can mark it read.
      expect((await t.http.post(`/api/me/notifications/${note.id}/read`).set(await api.as('supervisor'))).status).toBe(404);
      expect((await t.http.post(`/api/me/notifications/${note.id}/read`).set(caseworker)).status).toBe(204);
      const after = await t.http.get('/api/me/notifications').set(caseworker);
      expect((after.body as any[]).find((m) => m.id === note.id).readAt).toBe(new Date(failedAt).toISOString());
      const unread = await t.http.get('/api/me/notifications?unread=true').set(caseworker);
      expect((unread.body as any[]).map((m) => m.id)).not.toContain(note.id);
    });

    it('lists the failure for administrators, with its error but never its body', async () => {
      const res = await t.http
        .get('/api/admin/outbox?status=failed')
        .set(await api.as('admin'))
        .set('User-Agent', 'outbox-e2e/1.0');
      expect(res.status).toBe(200);
      expect(res.body.counts.failed).toBeGreaterThanOrEqual(1);
      expect((res.body.messages as any[]).every((m) => m.status === 'failed')).toBe(true);
      const row = (res.body.messages as any[]).find((m) => m.id === messageId);
      expect(row).toMatchObject({ status: 'failed', attempts: 1, username: 'caseworker', channel: 'email', kind: 'deadline_reminder', caseId: kid.id });
      expect(row.subject).toContain(kid.caseNumber);
      expect(row.lastError).toContain('550');
      for (const m of res.body.messages) {
        for (const key of ['body_text', 'body_html', 'text', 'html', 'body']) expect(m).not.toHaveProperty(key);
      }
      // The reminder's body text ("Open the case: …") appears nowhere in the answer.
      expect(JSON.stringify(res.body)).not.toContain('Open the case');

      const caseworker = await outbox('caseworker', 'failed');
      expect(caseworker.status).toBe(403);
      expect(caseworker.body.code).toBeDefined();
      const bogus = await outbox('admin', 'bogus');
      expect(bogus.status).toBe(400);
      expect(bogus.body.code).toBe('validation_failed');
    });

    it("records each administrator's look at the outbox in the audit log (filter and count, not the messages)", async () => {
      const admin = await whoIs('admin');
      const lists = await audited('notification.outbox_list');
      const shown = (await outbox('admin', 'failed')).body.messages as any[];
      const [entry, ...older] = await audited('notification.outbox_list');
      expect(older).toHaveLength(lists.length);
      expect(entry).toMatchObject({
        actorId: admin.id,
        actorRoles: admin.roles,
        caseId: null,
        outcome: 'allowed',
        details: { status: 'failed', count: shown.length },
      });
      expect(entry.ip).toEqual(expect.any(String));
      // The earlier listing of this suite, with the user agent it was sent with.
      expect(lists.some((e) => e.userAgent === 'outbox-e2e/1.0' && e.details.status === 'failed')).toBe(true);
      // Listing without a filter records a null filter.
      const all = await t.http.get('/api/admin/outbox?limit=2').set(await api.as('admin'));
      expect(all.status).toBe(200);
      expect((await audited('notification.outbox_list'))[0]).toMatchObject({ actorId: admin.id, details: { status: null, count: all.body.messages.length } });
      // Refused or invalid requests showed nothing and record nothing.
      const count = (await audited('notification.outbox_list')).length;
      expect((await outbox('caseworker', 'failed')).status).toBe(403);
      expect((await outbox('admin', 'bogus')).status).toBe(400);
      expect(await audited('notification.outbox_list')).toHaveLength(count);
      expect(JSON.stringify(await audited('notification.outbox_list'))).not.toContain('Open the case');
    });

    it("an administrator's retry puts it back with fresh attempts; it goes at the next tick", async () => {
      const admin = await api.as('admin');
      expect((await t.http.post(`/api/admin/outbox/${messageId}/retry`).set(await api.as('caseworker'))).status).toBe(403);
      rejections.delete(CASEWORKER_MAIL);
      const retry = await t.http.post(`/api/admin/outbox/${messageId}/retry`).set(admin).set('User-Agent', 'outbox-e2e/1.0');
      expect(retry.status).toBe(204);
      expect(await reminderRow(kid.id, 'failed')).toBeUndefined();
      expect(await reminderRow(kid.id, 'pending')).toMatchObject({ id: messageId, status: 'pending', attempts: 0 });

      await tickAt('2026-03-11T08:05:00Z');
      expect(await reminderRow(kid.id, 'sent')).toMatchObject({ id: messageId, attempts: 1, sentAt: '2026-03-11T08:05:00.000Z' });
      const mails = mailsAbout(kid.caseNumber);
      expect(mails).toHaveLength(1);
      expect(mails[0].to.map((a) => a.address)).toEqual([CASEWORKER_MAIL]);

      // Only failed messages can be retried.
      const again = await t.http.post(`/api/admin/outbox/${messageId}/retry`).set(admin);
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('not_found');
      const unknown = await t.http.post('/api/admin/outbox/00000000-0000-0000-0000-000000000000/retry').set(admin);
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('not_found');
      await tickAt('2026-03-11T09:00:00Z');
      expect(mailsAbout(kid.caseNumber)).toHaveLength(1);
    });

    it("records the retry in the audit log, on the message's case; refused and impossible retries record nothing", async () => {
      const admin = await whoIs('admin');
      const retries = await audited('notification.outbox_retry');
      expect(retries).toHaveLength(1);
      expect(retries[0]).toMatchObject({
        actorId: admin.id,
        actorRoles: admin.roles,
        caseId: kid.id,
        outcome: 'allowed',
        details: { messageId, channel: 'email', kind: 'deadline_reminder' },
        userAgent: 'outbox-e2e/1.0',
      });
      expect(retries[0].ip).toEqual(expect.any(String));
      // It is part of the case's own trail.
      const trail = await audit.trailForCase(kid.id, { limit: 500 });
      expect(trail.records.map((r) => r.id)).toContain(retries[0].id);
      expect(await audit.verify()).toMatchObject({ ok: true });
    });
  });
});
