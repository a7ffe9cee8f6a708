import { createTransport, type NodemailerError, type SMTPPoolOptions, type SMTPPoolSentMessageInfo, type Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { ChannelAddressee, ChannelSendError, NotificationChannel, OutboundMessage } from './channel';

/** Milliseconds. The defaults suit production; tests shorten them. */
export interface EmailTimeouts {
  /** TCP connect plus the server greeting (nodemailer 10 counts the greeting against this too). */
  connection: number;
  greeting: number;
  /** Inactivity on an open connection. */
  socket: number;
  /** Whole send, pool queue included: catches a server that trickles replies, which no socket timeout notices. */
  send: number;
}

export interface EmailChannelOptions {
  /** `smtp://user:pass@host:port` or `smtps://…`; absent: the channel is disabled. */
  url?: string;
  /** The From header, e.g. `CMIS <no-reply@example.org>`; its domain also names the Message-IDs. */
  from: string;
  timeouts?: Partial<EmailTimeouts>;
}

export const DEFAULT_MAIL_FROM = 'CMIS <no-reply@localhost>';
const DEFAULT_TIMEOUTS: EmailTimeouts = { connection: 10_000, greeting: 10_000, socket: 30_000, send: 120_000 };

type Mailer = Transporter<SMTPPoolSentMessageInfo, SMTPPoolOptions>;

/**
 * The built-in email channel: one pooled nodemailer SMTP transport. Message bodies may carry case
 * answers, so nothing here ever puts a body into an error message (those are logged and stored).
 */
export class EmailChannel implements NotificationChannel {
  readonly id = 'email';
  readonly carriesAnswers = true;
  readonly enabled: boolean;
  private readonly transport: Mailer | null;
  private readonly from: string;
  private readonly domain: string;
  private readonly timeouts: EmailTimeouts;
  private closed = false;

  constructor(options: EmailChannelOptions) {
    this.from = options.from;
    this.domain = domainOf(options.from);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const url = options.url?.trim();
    this.enabled = !!url;
    this.transport = url ? createTransport(transportOptions(url, this.timeouts)) : null;
  }

  /** CMIS_SMTP_URL (unset: disabled) and CMIS_MAIL_FROM, as AppConfig has them. */
  static fromConfig(config: { CMIS_SMTP_URL?: string; CMIS_MAIL_FROM?: string }): EmailChannel {
    return new EmailChannel({ url: config.CMIS_SMTP_URL?.trim() || undefined, from: config.CMIS_MAIL_FROM?.trim() || DEFAULT_MAIL_FROM });
  }

  addressOf(user: ChannelAddressee): string | null {
    const email = user.email?.trim();
    return email ? email : null;
  }

  /** `<id@domain-of-From>`: a retried outbox row produces the same Message-ID, so duplicates are recognisable. */
  messageIdFor(outboxId: string): string {
    return `<${encodeIdPart(outboxId)}@${this.domain}>`;
  }

  async send(message: OutboundMessage): Promise<void> {
    // Not configured (or shut down): retrying once SMTP is configured can still deliver it.
    if (!this.transport || this.closed) {
      throw new ChannelSendError(this.closed ? 'email channel is closed' : 'email channel is not configured (CMIS_SMTP_URL is not set)', false);
    }
    const to = checkedRecipient(message.to);
    if (!message.id) throw new ChannelSendError('email: the message has no id', true);
    try {
      await this.transport.sendMail({
        from: this.from,
        // An address object, not a string: a string would be parsed as an address *list*.
        to: { name: '', address: to },
        subject: message.subject.replace(/[\r\n]+/g, ' '),
        text: message.text,
        html: message.html,
        messageId: this.messageIdFor(message.id),
        // RFC 3834: tells auto-responders (out-of-office) not to answer a notification.
        headers: { 'Auto-Submitted': 'auto-generated' },
        signal: AbortSignal.timeout(this.timeouts.send),
      });
    } catch (err) {
      throw toChannelError(err, this.timeouts.send);
    }
  }

  /** Idle pooled connections close at once; one in the middle of a delivery finishes it first. */
  async close(): Promise<void> {
    this.closed = true;
    this.transport?.close();
  }
}

function transportOptions(url: string, t: EmailTimeouts): SMTPPoolOptions & { pool: true } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Never echo the URL: it may hold the SMTP password.
    throw new Error('CMIS_SMTP_URL is not a valid URL (expected smtp://user:pass@host:port or smtps://…).');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new Error(`CMIS_SMTP_URL must use smtp:// or smtps://, not ${parsed.protocol}//.`);
  }
  return {
    // nodemailer 10 merges the other keys with the url; settings in the url's query string win.
    url,
    pool: true,
    maxConnections: 2,
    // The outbox retries; one quick requeue covers a pooled connection the server closed while idle.
    maxRequeues: 1,
    connectionTimeout: t.connection,
    greetingTimeout: t.greeting,
    socketTimeout: t.socket,
    // Bodies are plain strings; refuse anything that would make nodemailer read files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  };
}

/** The domain of the From address, for Message-IDs; configuration errors surface at startup. */
function domainOf(from: string): string {
  if (/[\r\n]/.test(from)) throw new Error('CMIS_MAIL_FROM must not contain line breaks.');
  const boxes = addressparser(from, { flatten: true });
  const address = boxes.length === 1 ? boxes[0].address : '';
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  if (!address.includes('@') || !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(domain)) {
    throw new Error(`CMIS_MAIL_FROM must be one address with an ASCII domain, e.g. "CMIS <no-reply@example.org>"; got ${JSON.stringify(from)}.`);
  }
  return domain;
}

/** Outbox ids are uuids or numbers; anything else is %-encoded so the Message-ID stays a valid dot-atom. */
function encodeIdPart(id: string): string {
  return Array.from(Buffer.from(id, 'utf8'))
    .map((b) => (/[A-Za-z0-9_-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

/**
 * One plain addr-spec. CR/LF would inject headers or SMTP commands; a comma, angle brackets or
 * whitespace would let a stored "address" name further recipients of a message about a case.
 */
function checkedRecipient(to: string): string {
  if (/[\r\n]/.test(to)) throw new ChannelSendError(`email: refused recipient ${JSON.stringify(to)}: it contains a line break`, true);
  if (!/^[^\s@<>,;:"()[\]\\\x00-\x1f\x7f]+@[^\s@<>,;:"()[\]\\\x00-\x1f\x7f]+$/.test(to)) {
    throw new ChannelSendError(`email: refused recipient ${JSON.stringify(to)}: not a single plain address`, true);
  }
  return to;
}

/** Classifies a nodemailer error. Built only from codes and the server's reply, never from the message. */
export function toChannelError(err: unknown, sendTimeoutMs?: number): ChannelSendError {
  if (err instanceof ChannelSendError) return err;
  const e = (err ?? {}) as NodemailerError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (typeof e.responseCode === 'number') {
    const reply = oneLine(e.response ?? String(e.responseCode));
    // 5xx is permanent (RFC 5321), except 503 (bad command sequence: a new session may pass) and
    // a refused login, which is a configuration fault: failing every queued message for it at once
    // would lose them, whereas retries deliver them once an administrator fixes the credentials.
    const permanent = e.responseCode >= 500 && e.responseCode < 600 && e.responseCode !== 503 && code !== 'EAUTH' && e.command !== 'AUTH';
    return new ChannelSendError(`email: SMTP ${e.command ? `${e.command} ` : ''}refused (${permanent ? 'permanent' : 'temporary'}): ${reply}`, permanent);
  }
  // Refused before anything was sent (no recipient, invalid recipient): the same message fails again.
  if (code === 'EENVELOPE') return new ChannelSendError(`email: invalid envelope (${code})`, true);
  if (code === 'EABORT') return new ChannelSendError(`email: gave up after ${sendTimeoutMs ?? '?'} ms without an answer from the SMTP server (EABORT)`, false);
  if (code) {
    // Network and protocol failures: ECONNREFUSED/ECONNRESET hide behind ESOCKET/ECONNECTION, keep both.
    const codes = e.originalCode && e.originalCode !== code ? `${code}/${e.originalCode}` : code;
    const detail = e.timeoutType ?? oneLine(e.message ?? '');
    return new ChannelSendError(`email: ${codes}: ${detail}`, false);
  }
  // Unknown errors: the name only, as their message could quote anything.
  return new ChannelSendError(`email: unexpected ${e instanceof Error ? e.name : typeof err} while sending`, false);
}

function oneLine(s: string): string {
  const flat = s.replace(/[\r\n]+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}
