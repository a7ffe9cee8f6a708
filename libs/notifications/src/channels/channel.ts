/**
 * A way of reaching a user outside the app: email (built in), SMS or anything a plugin adds.
 * The in-app inbox is not a channel: it is written in the transaction of the change that caused it.
 * Messages for channels go through the outbox, so a channel's `send` may be retried: it must use
 * `message.id` to make retries recognisable (e.g. the email Message-ID).
 */
export interface ChannelAddressee {
  email: string | null;
  phone: string | null;
}

export interface OutboundMessage {
  /** The outbox row id: stable across retries. */
  id: string;
  /** The address on this channel (from `addressOf`). */
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** `permanent`: retrying cannot help (e.g. SMTP 550 mailbox unknown); the message fails at once. */
export class ChannelSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'ChannelSendError';
  }
}

export interface NotificationChannel {
  readonly id: string;
  /** Whether message bodies may carry case answers. SMS must not: it gets the answer-free rendering. */
  readonly carriesAnswers: boolean;
  /** False when not configured (e.g. no SMTP server): nothing is queued for it. */
  readonly enabled: boolean;
  /** The user's address on this channel, or null when they have none. */
  addressOf(user: ChannelAddressee): string | null;
  /** Resolves when the provider accepted the message; throws (ideally ChannelSendError) otherwise. */
  send(message: OutboundMessage): Promise<void>;
  close?(): Promise<void>;
}
