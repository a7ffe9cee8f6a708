import { Logger } from '@nestjs/common';
import { ControllableClock } from '@app/core';
import { ChannelRegistry } from './channels/channel-registry';
import { ChannelSendError, NotificationChannel, OutboundMessage } from './channels/channel';
import { DEFAULT_DISPATCH, OutboxDispatcher } from './outbox-dispatcher';
import { ClaimedMessage, OutboxRepository, OutboxStatus } from './outbox.repository';

/** One outbox row as the fake keeps it (the columns the dispatcher's calls read and write). */
interface Row {
  id: string;
  channel: string;
  address: string;
  subject: string;
  text: string;
  html: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lockedUntil: Date | null;
  lastError: string | null;
  sentAt: Date | null;
}

/** The four OutboxRepository methods the dispatcher calls, over an array, with the SQL's semantics. */
class FakeOutbox {
  readonly rows: Row[] = [];
  claims: number[] = [];

  add(channel: string, extra: Partial<Row> = {}, at = t0): Row {
    const id = String(this.rows.length + 1);
    const row: Row = {
      id,
      channel,
      address: `user${id}@example.org`,
      subject: `subject ${id}`,
      text: `text ${id}`,
      html: `<p>html ${id}</p>`,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at,
      lockedUntil: null,
      lastError: null,
      sentAt: null,
      ...extra,
    };
    this.rows.push(row);
    return row;
  }

  async claim(now: Date, limit: number, leaseMs: number, channels: string[]): Promise<ClaimedMessage[]> {
    const due = this.rows
      .filter((r) => r.status === 'pending' && r.nextAttemptAt <= now && (!r.lockedUntil || r.lockedUntil <= now) && channels.includes(r.channel))
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || Number(a.id) - Number(b.id))
      .slice(0, limit);
    this.claims.push(due.length);
    return due.map((r) => {
      r.lockedUntil = new Date(now.getTime() + leaseMs);
      r.attempts++;
      return {
        id: r.id,
        channel: r.channel,
        address: r.address,
        subject: r.subject,
        text: r.text,
        html: r.html,
        attempts: r.attempts,
        lockedUntil: r.lockedUntil,
      };
    });
  }

  async expireStale(): Promise<number> {
    return 0;
  }

  async renewLease(id: string, held: Date, until: Date): Promise<Date | null> {
    const r = this.row(id);
    if (r.status !== 'pending' || r.lockedUntil?.getTime() !== held.getTime()) return null;
    r.lockedUntil = until;
    return until;
  }

  async markSent(id: string, held: Date, at: Date): Promise<boolean> {
    return this.mark(id, held, { status: 'sent', sentAt: at, lockedUntil: null, lastError: null });
  }

  async markRetry(id: string, held: Date, error: string, nextAttemptAt: Date): Promise<boolean> {
    return this.mark(id, held, { nextAttemptAt, lockedUntil: null, lastError: error });
  }

  async markFailed(id: string, held: Date, error: string): Promise<boolean> {
    return this.mark(id, held, { status: 'failed', lockedUntil: null, lastError: error });
  }

  private mark(id: string, held: Date, patch: Partial<Row>): boolean {
    const r = this.row(id);
    if (r.lockedUntil?.getTime() !== held.getTime()) return false;
    Object.assign(r, patch);
    return true;
  }

  private row(id: string): Row {
    const r = this.rows.find((x) => x.id === id);
    if (!r) throw new Error(`no outbox row ${id}`);
    return r;
  }
}

/** A channel whose `send` does what the test says (resolve by default) and records what it was given. */
class FakeChannel implements NotificationChannel {
  readonly carriesAnswers = true;
  readonly sent: OutboundMessage[] = [];
  behaviour: (m: OutboundMessage) => Promise<void> = async () => undefined;
  constructor(
    readonly id: string,
    readonly enabled = true,
  ) {}
  addressOf(): string | null {
    return null;
  }
  async send(m: OutboundMessage): Promise<void> {
    this.sent.push(m);
    await this.behaviour(m);
  }
}

const t0 = new Date('2026-03-02T08:00:00Z');
const SECOND = 1000;
const after = (ms: number) => new Date(t0.getTime() + ms);

function setup(options: Partial<typeof DEFAULT_DISPATCH> = {}, channels: NotificationChannel[] = [new FakeChannel('email')]) {
  const outbox = new FakeOutbox();
  const clock = new ControllableClock(t0);
  const registry = new ChannelRegistry(channels);
  const dispatcher = new OutboxDispatcher(outbox as unknown as OutboxRepository, registry, clock);
  // Independent of CMIS_OUTBOX_* in the environment the tests run in.
  dispatcher.configure({ ...DEFAULT_DISPATCH, ...options });
  return { outbox, clock, registry, dispatcher, email: channels[0] as FakeChannel };
}

describe('OutboxDispatcher', () => {
  let warnings: jest.SpyInstance;
  beforeEach(() => {
    warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warnings.mockRestore());

  it('sends each due message through its channel, with the row id, and marks it sent at the current time', async () => {
    const { outbox, clock, dispatcher, email } = setup();
    const a = outbox.add('email');
    const b = outbox.add('email');
    const later = outbox.add('email', {}, after(60 * SECOND));
    clock.set(after(5 * SECOND));

    expect(await dispatcher.dispatch()).toEqual({ sent: 2, retrying: 0, failed: 0, lost: 0, expired: 0 });
    expect(email.sent).toEqual([
      { id: a.id, to: a.address, subject: a.subject, text: a.text, html: a.html },
      { id: b.id, to: b.address, subject: b.subject, text: b.text, html: b.html },
    ]);
    expect(a).toMatchObject({ status: 'sent', sentAt: after(5 * SECOND), attempts: 1, lastError: null, lockedUntil: null });
    expect(b.status).toBe('sent');
    expect(later).toMatchObject({ status: 'pending', attempts: 0 });

    // Nothing is sent twice.
    expect(await dispatcher.dispatch()).toEqual({ sent: 0, retrying: 0, failed: 0, lost: 0, expired: 0 });
    expect(email.sent).toHaveLength(2);
  });

  it('reschedules a temporary failure 30 s, then 60 s, then 120 s later, keeping the error, and sends it once the channel works', async () => {
    const { outbox, clock, dispatcher, email } = setup();
    const m = outbox.add('email');
    email.behaviour = async () => {
      throw new ChannelSendError('email: SMTP RCPT TO refused (temporary): 451 4.3.0 Try again later', false);
    };

    expect(await dispatcher.dispatch()).toEqual({ sent: 0, retrying: 1, failed: 0, lost: 0, expired: 0 });
    expect(m).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: after(30 * SECOND), lockedUntil: null });
    expect(m.lastError).toBe('email: SMTP RCPT TO refused (temporary): 451 4.3.0 Try again later');

    // Not before it is due.
    clock.set(after(29 * SECOND));
    expect(await dispatcher.dispatch()).toEqual({ sent: 0, retrying: 0, failed: 0, lost: 0, expired: 0 });
    expect(email.sent).toHaveLength(1);

    clock.set(after(30 * SECOND));
    await dispatcher.dispatch();
    expect(m).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: after(90 * SECOND) });

    clock.set(after(90 * SECOND));
    await dispatcher.dispatch();
    expect(m).toMatchObject({ status: 'pending', attempts: 3, nextAttemptAt: after(210 * SECOND) });

    email.behaviour = async () => undefined;
    clock.set(after(210 * SECOND));
    expect(await dispatcher.dispatch()).toEqual({ sent: 1, retrying: 0, failed: 0, lost: 0, expired: 0 });
    expect(m).toMatchObject({ status: 'sent', attempts: 4, lastError: null, sentAt: after(210 * SECOND) });
    expect(email.sent.map((s) => s.id)).toEqual([m.id, m.id, m.id, m.id]);
  });

  it('caps the back-off at maxBackoffMs', async () => {
    const { outbox, clock, dispatcher, email } = setup({ maxBackoffMs: 100 * SECOND });
    const m = outbox.add('email');
    email.behaviour = async () => {
      throw new ChannelSendError('temporary', false);
    };
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const now = clock.now().getTime();
      await dispatcher.dispatch();
      delays.push(m.nextAttemptAt.getTime() - now);
      clock.set(m.nextAttemptAt);
    }
    expect(delays).toEqual([30, 60, 100, 100, 100].map((s) => s * SECOND));
    expect(m).toMatchObject({ status: 'pending', attempts: 5 });
  });

  it('fails a message at once on a permanent error and never sends it again', async () => {
    const { outbox, clock, dispatcher, email } = setup();
    const m = outbox.add('email');
    email.behaviour = async () => {
      throw new ChannelSendError('email: SMTP RCPT TO refused (permanent): 550 5.1.1 Mailbox unknown', true);
    };

    expect(await dispatcher.dispatch()).toEqual({ sent: 0, retrying: 0, failed: 1, lost: 0, expired: 0 });
    expect(m).toMatchObject({ status: 'failed', attempts: 1, lockedUntil: null });
    expect(m.lastError).toBe('email: SMTP RCPT TO refused (permanent): 550 5.1.1 Mailbox unknown (attempt 1)');

    email.behaviour = async () => undefined;
    clock.set(after(24 * 3600 * SECOND));
    expect(await dispatcher.dispatch()).toEqual({ sent: 0, retrying: 0, failed: 0, lost: 0, expired: 0 });
    expect(email.sent).toHaveLength(1);
  });

  it('fails a message after maxAttempts temporary failures', async () => {
    const { outbox, clock, dispatcher, email } = setup({ maxAttempts: 3 });
    const m = outbox.add('email');
    email.behaviour = async () => {
      throw new ChannelSendError('connection refused', false);
    };

    expect(await dispatcher.dispatch()).toMatchObject({ retrying: 1, failed: 0 });
    clock.set(m.nextAttemptAt);
    expect(await dispatcher.dispatch()).toMatchObject({ retrying: 1, failed: 0 });
    expect(m).toMatchObject({ status: 'pending', attempts: 2 });
    clock.set(m.nextAttemptAt);
    expect(await dispatcher.dispatch()).toEqual({ sent: 0, retrying: 0, failed: 1, lost: 0, expired: 0 });
    expect(m).toMatchObject({ status: 'failed', attempts: 3, lastError: 'connection refused (attempt 3)' });

    clock.set(after(24 * 3600 * SECOND));
    await dispatcher.dispatch();
    expect(email.sent).toHaveLength(3);
  });

  it('leaves messages of channels this process cannot send untouched, for the process that can', async () => {
    const { outbox, clock, registry, dispatcher } = setup({}, [new FakeChannel('email'), new FakeChannel('fax', false)]);
    const sms = outbox.add('sms');
    const fax = outbox.add('fax');

    expect(await dispatcher.dispatch()).toEqual({ sent: 0, retrying: 0, failed: 0, lost: 0, expired: 0 });
    // Not claimed at all: no attempt used up, no error.
    expect(sms).toMatchObject({ status: 'pending', attempts: 0, lastError: null, lockedUntil: null });
    expect(fax).toMatchObject({ status: 'pending', attempts: 0, lastError: null });

    // A plugin registers the channel (e.g. after a restart with its configuration).
    const smsChannel = new FakeChannel('sms');
    registry.register(smsChannel);
    clock.set(after(30 * SECOND));
    expect(await dispatcher.dispatch()).toEqual({ sent: 1, retrying: 0, failed: 0, lost: 0, expired: 0 });
    expect(sms).toMatchObject({ status: 'sent', attempts: 1 });
    expect(smsChannel.sent.map((s) => s.id)).toEqual([sms.id]);
    expect(fax).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('sends nothing and claims nothing when no channel is configured here', async () => {
    const { outbox, dispatcher } = setup({}, [new FakeChannel('email', false)]);
    const m = outbox.add('email');
    expect(await dispatcher.dispatch()).toEqual({ sent: 0, retrying: 0, failed: 0, lost: 0, expired: 0 });
    expect(outbox.claims).toEqual([]);
    expect(m.attempts).toBe(0);
  });

  it('stores only the type of an unexpected error, never its message (which may quote the body), and retries', async () => {
    const { outbox, clock, dispatcher, email } = setup();
    const m = outbox.add('email', { text: 'Ana Rusu, 7, bruises on both arms' });
    email.behaviour = async (msg) => {
      throw new TypeError(`cannot encode ${msg.text}`);
    };

    expect(await dispatcher.dispatch()).toEqual({ sent: 0, retrying: 1, failed: 0, lost: 0, expired: 0 });
    expect(m).toMatchObject({ status: 'pending', attempts: 1, lastError: 'unexpected error: TypeError' });

    // Something thrown that is not an Error at all.
    email.behaviour = async (msg) => {
      throw msg.text;
    };
    clock.set(m.nextAttemptAt);
    await dispatcher.dispatch();
    expect(m).toMatchObject({ status: 'pending', attempts: 2, lastError: 'unexpected error: Error' });
  });

  it('neither stores nor logs the message of an unexpected error when the message fails for good', async () => {
    const { outbox, dispatcher, email } = setup({ maxAttempts: 1 });
    const m = outbox.add('email', { text: 'Ana Rusu, 7, bruises on both arms' });
    email.behaviour = async (msg) => {
      throw new Error(`could not send "${msg.text}"`);
    };
    expect(await dispatcher.dispatch()).toEqual({ sent: 0, retrying: 0, failed: 1, lost: 0, expired: 0 });
    expect(m).toMatchObject({ status: 'failed', lastError: 'unexpected error: Error (attempt 1)' });
    expect(warnings).toHaveBeenCalledTimes(1);
    expect(String(warnings.mock.calls[0][0])).toContain(`message ${m.id}`);
    expect(String(warnings.mock.calls[0][0])).not.toContain('Ana');
  });

  it('stops after a batch shorter than the batch size, and after maxRounds batches', async () => {
    const { outbox, dispatcher, email } = setup({ batchSize: 2 });
    for (let i = 0; i < 3; i++) outbox.add('email');
    expect(await dispatcher.dispatch()).toEqual({ sent: 3, retrying: 0, failed: 0, lost: 0, expired: 0 });
    // 2 (a full batch: claim again), 1 (short: done). No empty third claim.
    expect(outbox.claims).toEqual([2, 1]);

    outbox.claims = [];
    for (let i = 0; i < 4; i++) outbox.add('email');
    await dispatcher.dispatch();
    expect(outbox.claims).toEqual([2, 2, 0]);

    outbox.claims = [];
    for (let i = 0; i < 5; i++) outbox.add('email');
    expect(await dispatcher.dispatch(2)).toEqual({ sent: 4, retrying: 0, failed: 0, lost: 0, expired: 0 });
    expect(outbox.claims).toEqual([2, 2]);
    expect(outbox.rows.filter((r) => r.status === 'pending')).toHaveLength(1);
    expect(email.sent).toHaveLength(11);
  });

  it('does not resend a message that failed earlier in the same dispatch', async () => {
    const { outbox, dispatcher, email } = setup({ batchSize: 1 });
    const m = outbox.add('email');
    outbox.add('email');
    email.behaviour = async (msg) => {
      if (msg.id === m.id) throw new ChannelSendError('temporary', false);
    };
    expect(await dispatcher.dispatch()).toEqual({ sent: 1, retrying: 1, failed: 0, lost: 0, expired: 0 });
    expect(email.sent.filter((s) => s.id === m.id)).toHaveLength(1);
  });

  it('a slow worker whose claim expired neither sends a message another worker took over nor overwrites its result', async () => {
    const { outbox, clock, dispatcher, email } = setup({ leaseMs: 10 * SECOND });
    const a = outbox.add('email');
    const b = outbox.add('email');
    const other = new OutboxDispatcher(outbox as unknown as OutboxRepository, new ChannelRegistry([email]), clock);
    other.configure({ ...DEFAULT_DISPATCH, leaseMs: 10 * SECOND });
    // The first send takes 15 s: b's claim expires meanwhile and the other worker sends b.
    let takeover: unknown;
    email.behaviour = async (m) => {
      if (m.id === a.id) {
        clock.advance(15 * SECOND);
        email.behaviour = async () => undefined;
        takeover = await other.dispatch();
      }
    };
    const slow = await dispatcher.dispatch();
    expect(takeover).toEqual({ sent: 2, retrying: 0, failed: 0, lost: 0, expired: 0 });
    // The slow worker's mark for a is refused (the other worker's result stands) and it never sends b.
    expect(slow).toEqual({ sent: 0, retrying: 0, failed: 0, lost: 2, expired: 0 });
    expect(email.sent.map((m) => m.id)).toEqual([a.id, a.id, b.id]);
    // Only a, whose send itself outlived its lease, went twice (same id: recognisable); b went once.
    expect(outbox.rows.map((r) => [r.id, r.status, r.attempts])).toEqual([
      [a.id, 'sent', 2],
      [b.id, 'sent', 2],
    ]);
  });
});
