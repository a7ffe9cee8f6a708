import { createServer } from 'node:net';
import { startSmtpSink, SmtpSink } from '../../../../test/support/smtp-sink';
import { ChannelSendError, OutboundMessage } from './channel';
import { EmailChannel, toChannelError } from './email.channel';
import { loadConfig } from '@app/config';

/** Real SMTP over loopback: the sink is smtp-server, the channel nodemailer's pooled transport. */
const FROM = 'CMIS Test <no-reply@cmis.example.org>';
const BODY_TEXT = 'Răspunsul la întrebarea 3: copilul locuiește cu bunica.';
const BODY_HTML = '<p>Răspunsul: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>';

function message(over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    id: '0b7c3f0e-8f7a-4a55-9d2e-1f3c5e9a7b21',
    to: 'ana.popescu@example.org',
    subject: 'Evaluare inițială: termen mâine',
    text: BODY_TEXT,
    html: BODY_HTML,
    ...over,
  };
}

async function expectSendError(p: Promise<unknown>): Promise<ChannelSendError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ChannelSendError);
  return err as ChannelSendError;
}

/** A port nothing listens on: bind a free one, then release it. */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('EmailChannel over SMTP', () => {
  let sink: SmtpSink;
  let channel: EmailChannel;

  beforeEach(async () => {
    sink = await startSmtpSink({
      failWith: (rcpt) =>
        rcpt.startsWith('gone@')
          ? { code: 550, message: '5.1.1 Mailbox unknown' }
          : rcpt.startsWith('busy@')
            ? { code: 451, message: '4.3.0 Try again later' }
            : null,
    });
    channel = new EmailChannel({ url: sink.url, from: FROM });
  });

  afterEach(async () => {
    await channel.close();
    await sink.close();
  });

  it('delivers From, To, a UTF-8 subject, text and html parts and the deterministic Message-ID', async () => {
    expect(channel.enabled).toBe(true);
    expect(channel.id).toBe('email');
    expect(channel.carriesAnswers).toBe(true);
    await channel.send(message());
    await sink.waitFor(1);
    const m = sink.messages[0];
    expect(m.from).toEqual({ name: 'CMIS Test', address: 'no-reply@cmis.example.org' });
    expect(m.to).toEqual([{ name: '', address: 'ana.popescu@example.org' }]);
    expect(m.envelope).toEqual({ from: 'no-reply@cmis.example.org', to: ['ana.popescu@example.org'] });
    expect(m.subject).toBe('Evaluare inițială: termen mâine');
    expect(m.text.trim()).toBe(BODY_TEXT);
    expect(m.messageId).toBe('<0b7c3f0e-8f7a-4a55-9d2e-1f3c5e9a7b21@cmis.example.org>');
    expect(m.raw).toMatch(/^Content-Type: multipart\/alternative/m);
    expect(m.raw).toMatch(/^Auto-Submitted: auto-generated/m);
    expect(m.user).toBeNull();
  });

  it('passes the html part through unchanged: escaping is the template’s business, not the channel’s', async () => {
    await channel.send(message());
    await sink.waitFor(1);
    expect(sink.messages[0].html).toBe(BODY_HTML);
    expect(sink.messages[0].html).toContain('&lt;script&gt;');
    expect(sink.messages[0].html).not.toContain('<script>');
  });

  it('sends a retried message with the same Message-ID', async () => {
    await channel.send(message());
    await channel.send(message());
    await channel.send(message({ id: '42' }));
    await sink.waitFor(3);
    const ids = sink.messages.map((m) => m.messageId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe('<42@cmis.example.org>');
  });

  it('turns 550 at RCPT TO into a permanent error that names the reply', async () => {
    const err = await expectSendError(channel.send(message({ to: 'gone@example.org' })));
    expect(err.permanent).toBe(true);
    expect(err.message).toContain('550');
    expect(err.message).toContain('Mailbox unknown');
    expect(err.message).not.toContain('Răspunsul');
    expect(sink.messages).toHaveLength(0);
  });

  it('turns 451 at RCPT TO into a temporary error, and the pool still works afterwards', async () => {
    const err = await expectSendError(channel.send(message({ to: 'busy@example.org' })));
    expect(err.permanent).toBe(false);
    expect(err.message).toContain('451');
    await channel.send(message());
    await sink.waitFor(1);
  });

  it('logs in with the credentials of the URL', async () => {
    const withLogin = new EmailChannel({ url: sink.url.replace('smtp://', 'smtp://cmis:s%40cret@'), from: FROM });
    try {
      await withLogin.send(message());
      await sink.waitFor(1);
      expect(sink.messages[0].user).toBe('cmis');
    } finally {
      await withLogin.close();
    }
  });

  it('refuses an address with a line break, or one naming more than one recipient, permanently and without connecting', async () => {
    for (const to of ['ana@example.org\r\nBcc: x@evil.test', 'ana@example.org\n', 'ana@example.org, x@evil.test', 'Ana <ana@example.org>']) {
      const err = await expectSendError(channel.send(message({ to })));
      expect(err.permanent).toBe(true);
      expect(err.message).not.toContain('Răspunsul');
    }
    expect(sink.messages).toHaveLength(0);
  });
});

describe('EmailChannel failures without a server', () => {
  it('reports connection refused as temporary, with ECONNREFUSED and without the body', async () => {
    const channel = new EmailChannel({ url: `smtp://127.0.0.1:${await deadPort()}`, from: FROM });
    try {
      const err = await expectSendError(channel.send(message()));
      expect(err.permanent).toBe(false);
      expect(err.message).toContain('ECONNREFUSED');
      expect(err.message).not.toContain('Răspunsul');
      expect(err.message).not.toContain('script');
    } finally {
      await channel.close();
    }
  });

  it('reports a server that never answers DATA as temporary (socket timeout); the server may still have it, hence the stable Message-ID', async () => {
    const sink = await startSmtpSink({ delayMs: 1500 });
    const channel = new EmailChannel({ url: sink.url, from: FROM, timeouts: { socket: 300 } });
    try {
      const err = await expectSendError(channel.send(message()));
      expect(err.permanent).toBe(false);
      expect(err.message).toMatch(/ETIMEDOUT/);
      expect(err.message).not.toContain('Răspunsul');
      // The client gave up, yet the server accepts it: the outbox's retry will carry the same Message-ID.
      await sink.waitFor(1, 5000);
      expect(sink.messages[0].messageId).toBe(channel.messageIdFor(message().id));
    } finally {
      await channel.close();
      await sink.close();
    }
  });

  it('is disabled without a URL, and refuses to send then (temporarily: configuring SMTP can still deliver)', async () => {
    const channel = EmailChannel.fromConfig(loadConfig({}));
    expect(channel.enabled).toBe(false);
    expect(EmailChannel.fromConfig(loadConfig({ CMIS_SMTP_URL: '  ' })).enabled).toBe(false);
    const err = await expectSendError(channel.send(message()));
    expect(err.permanent).toBe(false);
    await channel.close();
  });

  it('reads CMIS_SMTP_URL and CMIS_MAIL_FROM, defaulting the sender', async () => {
    const a = EmailChannel.fromConfig(loadConfig({ CMIS_SMTP_URL: 'smtps://user:p%40ss@mail.example.org:465' }));
    expect(a.enabled).toBe(true);
    expect(a.messageIdFor('x')).toBe('<x@localhost>');
    const b = EmailChannel.fromConfig(loadConfig({ CMIS_SMTP_URL: 'smtp://127.0.0.1:2525', CMIS_MAIL_FROM: 'Protecția Copilului <cmis@dgaspc.example.ro>' }));
    expect(b.messageIdFor('7')).toBe('<7@dgaspc.example.ro>');
    await a.close();
    await b.close();
  });

  it('rejects bad configuration at startup without echoing the URL (it may hold a password)', () => {
    let msg = '';
    try {
      new EmailChannel({ url: 'http://user:s3cret@mail.example.org', from: FROM });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/smtp:\/\//);
    expect(msg).not.toContain('s3cret');
    expect(() => new EmailChannel({ url: 'smtp://x', from: 'no address here' })).toThrow(/CMIS_MAIL_FROM/);
  });

  it('keeps Message-IDs valid for ids with unusual characters', () => {
    const channel = new EmailChannel({ from: FROM });
    expect(channel.messageIdFor('a b/ă>')).toBe('<a%20b%2F%C4%83%3E@cmis.example.org>');
  });

  it('classifies SMTP replies: 5xx permanent except 503 and a refused login; 4xx temporary', () => {
    const smtp = (responseCode: number, command = 'RCPT TO', code = 'EENVELOPE') =>
      toChannelError(Object.assign(new Error('x'), { code, responseCode, command, response: `${responseCode} text` }));
    expect(smtp(550).permanent).toBe(true);
    expect(smtp(554, 'DATA', 'EMESSAGE').permanent).toBe(true);
    expect(smtp(503).permanent).toBe(false);
    expect(smtp(535, 'AUTH PLAIN', 'EAUTH').permanent).toBe(false);
    expect(smtp(421, 'MAIL FROM').permanent).toBe(false);
    expect(smtp(452).permanent).toBe(false);
    expect(toChannelError(new TypeError(BODY_TEXT)).message).not.toContain('Răspunsul');
  });

  it('addresses users by their email, or not at all', () => {
    const channel = new EmailChannel({ from: FROM });
    expect(channel.addressOf({ email: 'ana@example.org', phone: null })).toBe('ana@example.org');
    expect(channel.addressOf({ email: null, phone: '+40700000000' })).toBeNull();
    expect(channel.addressOf({ email: '  ', phone: null })).toBeNull();
  });
});
