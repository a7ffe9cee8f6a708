import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface SinkAddress {
  name: string;
  address: string;
}

/** A received message, parsed (a subset of mailparser's ParsedMail) plus its raw source and envelope. */
export interface SinkMessage {
  /** With angle brackets, as in the header. */
  messageId: string | null;
  from: SinkAddress | null;
  to: SinkAddress[];
  subject: string;
  text: string;
  /** The html part exactly as decoded from the message (cid: links left alone); null without one. */
  html: string | null;
  envelope: { from: string | null; to: string[] };
  /** The SMTP login of the session, null without one. */
  user: string | null;
  raw: string;
  receivedAt: Date;
}

export interface SmtpSinkOptions {
  /** Decides each RCPT TO: a reply such as `{ code: 550, message: 'No such user' }` rejects the recipient, null accepts. */
  failWith?: (rcpt: string) => { code: number; message: string } | null;
  /** Delays the reply to DATA (after the message was received): a slow server, for timeout tests. */
  delayMs?: number;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, for CMIS_SMTP_URL. */
  url: string;
  port: number;
  /** In order of acceptance; recorded only when the server accepts the DATA. */
  messages: SinkMessage[];
  /** Resolves once at least `n` messages were accepted; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 and a free port, no TLS, any (or no) login accepted: for tests
 * of the email channel and of the notification flows end to end.
 */
export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const waiters = new Set<{ n: number; resolve: () => void }>();
  // Delayed DATA replies still pending: close() drops them rather than record after the fact.
  const delayed = new Set<NodeJS.Timeout>();
  const notify = () => {
    for (const w of waiters)
      if (messages.length >= w.n) {
        waiters.delete(w);
        w.resolve();
      }
  };

  const server = new SMTPServer({
    authOptional: true,
    // Lets a test use smtp://user:pass@… too: no TLS here, so login must be allowed in plain text.
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A client's pooled connection must not hold close() up for the default 30 s.
    closeTimeout: 200,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    onRcptTo: (address: SMTPServerAddress, _session, callback) => {
      const failure = opts.failWith?.(address.address) ?? null;
      if (!failure) return callback();
      callback(Object.assign(new Error(failure.message), { responseCode: failure.code }));
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (e) => callback(e));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw, { keepCidLinks: true }).then(
          (mail) => {
            const accept = () => {
              messages.push({
                messageId: mail.messageId ?? null,
                from: mail.from?.value[0] ? toAddress(mail.from.value[0]) : null,
                to: addresses(mail.to),
                subject: mail.subject ?? '',
                text: mail.text ?? '',
                html: typeof mail.html === 'string' ? mail.html : null,
                envelope: {
                  from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                  to: session.envelope.rcptTo.map((r) => r.address),
                },
                user: typeof session.user === 'string' ? session.user : null,
                raw: raw.toString('utf8'),
                receivedAt: new Date(),
              });
              notify();
              callback(null, 'Queued');
            };
            if (!opts.delayMs) return accept();
            const timer = setTimeout(() => (delayed.delete(timer), accept()), opts.delayMs);
            delayed.add(timer);
          },
          (e: Error) => callback(Object.assign(new Error(`Unparseable message: ${e.message}`), { responseCode: 554 })),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => (server.off('error', reject), resolve()));
  });
  // A client killed mid-conversation resets its connection: expected in crash tests, not a failure
  // of the sink (an 'error' event without a listener would crash the test process).
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(n, timeoutMs = 5000) {
      if (messages.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const w = {
          n,
          resolve: () => (clearTimeout(timer), resolve()),
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`SMTP sink: expected ${n} message(s) within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    close: () => {
      for (const t of delayed) clearTimeout(t);
      delayed.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function toAddress(a: { name: string; address?: string }): SinkAddress {
  return { name: a.name, address: a.address ?? '' };
}

function addresses(field: AddressObject | AddressObject[] | undefined): SinkAddress[] {
  if (!field) return [];
  return (Array.isArray(field) ? field : [field]).flatMap((o) => o.value.map(toAddress));
}
