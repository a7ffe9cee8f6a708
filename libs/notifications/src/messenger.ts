import { Injectable, Logger, Optional } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { EntityManager } from 'typeorm';
import type { MessageTemplateDef, SopPack } from '@app/pack-types';
import { DEFAULT_TEMPLATES, MessageContext, renderMessage, subjectContext } from '@app/templates';
import { ChannelRegistry } from './channels/channel-registry';
import { InboxRepository, NewInboxMessage } from './inbox.repository';
import { publicLink } from './links';
import { NewOutboxMessage, OutboxRepository } from './outbox.repository';

/** Someone a message goes to, with the answers they may read (for templates that show answers). */
export interface MessageRecipient {
  id: string;
  name: string;
  locale: string;
  email: string | null;
  phone: string | null;
  /** `{ form: { field: value } }`, already limited to what this recipient may read. */
  answers?: Record<string, Record<string, unknown>>;
}

export interface MessageRequest {
  /** The inbox kind and outbox kind, e.g. `deadline_reminder`. */
  kind: string;
  templateId: string;
  caseId: string | null;
  /** Identifies the cause; the recipient and channel are appended, so each message exists once. */
  dedupeKey: string;
  /** Template variables other than `recipient`, `answers` and `locale`, in the recipient's language. */
  context: (locale: string) => Record<string, unknown>;
  /** Where to look for the template when the sending pack lacks it (the version a case is pinned to). */
  templateFallback?: SopPack;
}

export interface MessageOutcome {
  inbox: number;
  queued: number;
}

/** A request's messages, rendered: in-app rows and rows for the outbox (one per recipient and channel with an address). */
export interface RenderedMessages {
  inbox: NewInboxMessage[];
  outbox: NewOutboxMessage[];
}

/**
 * Renders a pack template for each recipient in their language and delivers it: the in-app inbox at
 * once, other channels through the outbox. Both are written in the caller's transaction, so a
 * message exists exactly when its cause does. Channels that do not carry answers (SMS) get the
 * rendering without any answer.
 */
@Injectable()
export class Messenger {
  private readonly logger = new Logger('Messenger');
  private readonly warned = new Set<string>();

  private readonly linkBase: string;

  constructor(
    private readonly inbox: InboxRepository,
    private readonly outbox: OutboxRepository,
    private readonly channels: ChannelRegistry,
    @Optional() config?: AppConfig,
  ) {
    this.linkBase = config?.CMIS_PUBLIC_URL ?? 'http://localhost:3000';
  }

  /** A link into the web app for a message, e.g. `link('/cases/<id>')` (CMIS_PUBLIC_URL + path). */
  link(path: string): string {
    return publicLink(path, this.linkBase);
  }

  /** The template from the pack, else from `fallback` (e.g. a custom one an older version named), else built in. */
  template(pack: SopPack, id: string, fallback?: SopPack): MessageTemplateDef {
    const def = pack.notifications?.templates[id] ?? fallback?.notifications?.templates[id] ?? DEFAULT_TEMPLATES[id];
    if (!def) throw new Error(`message template "${id}" is neither in the pack nor built in`);
    return def;
  }

  async send(em: EntityManager, pack: SopPack, recipients: MessageRecipient[], req: MessageRequest, at: Date): Promise<MessageOutcome> {
    const rendered = this.render(pack, recipients, req);
    const outcome: MessageOutcome = { inbox: 0, queued: 0 };
    for (const m of rendered.inbox) {
      await this.inbox.insert(em, { ...m, at });
      outcome.inbox++;
    }
    for (const m of rendered.outbox) if (await this.outbox.enqueue(em, m, at)) outcome.queued++;
    return outcome;
  }

  /**
   * Many requests' messages written with one statement per table (a scheduler batch), in the
   * caller's transaction; the outcome of each request, in order. Rendered with `render`.
   */
  async deliver(em: EntityManager, messages: RenderedMessages[], at: Date): Promise<MessageOutcome[]> {
    const inbox = messages.flatMap((m) => m.inbox);
    if (inbox.length) await this.inbox.insertMany(em, inbox, at);
    const queued = new Set(
      await this.outbox.enqueueMany(
        em,
        messages.flatMap((m) => m.outbox),
        at,
      ),
    );
    return messages.map((m) => ({ inbox: m.inbox.length, queued: m.outbox.filter((o) => queued.has(o.dedupeKey)).length }));
  }

  /** The inbox and outbox rows of a request, rendered for each recipient in their language; nothing is written. */
  render(pack: SopPack, recipients: MessageRecipient[], req: MessageRequest): RenderedMessages {
    const template = this.template(pack, req.templateId, req.templateFallback);
    const fallback = pack.manifest.defaultLocale;
    // Dates and times in messages are the pack's local ones (a deadline at 00:30 in Chișinău is on its local day).
    const zone = { timeZone: pack.manifest.timezone };
    const out: RenderedMessages = { inbox: [], outbox: [] };
    const seen = new Set<string>();
    for (const r of recipients) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      const base = { ...req.context(r.locale), locale: r.locale, recipient: { name: r.name } };
      // The context's shape per template kind is the caller's contract (see @app/templates message kinds).
      const full = renderMessage(template, r.locale, fallback, { ...base, answers: r.answers ?? {} } as unknown as MessageContext, zone);
      let answerFree: ReturnType<typeof renderMessage> | null = null;
      // The inbox keeps no answers: it stays readable after the recipient loses access to the case,
      // and the case itself (checked at every read) is one click away.
      const inApp =
        template.answers.length && Object.keys(r.answers ?? {}).length
          ? renderMessage(template, r.locale, fallback, { ...base, answers: {} } as unknown as MessageContext, zone)
          : full;
      out.inbox.push({ userId: r.id, kind: req.kind, caseId: req.caseId, title: inApp.subject, body: inApp.text, dedupeKey: `${req.dedupeKey}:${r.id}` });
      for (const channelId of pack.notifications?.channels ?? []) {
        // Queued for every channel this deployment knows, configured here or not: the process that
        // sends may be another one (a worker with the SMTP settings), and the outbox waits for it.
        const channel = this.channels.get(channelId);
        if (!channel) {
          this.warnOnce(
            channelId,
            `channel "${channelId}" is listed in notifications.json but not available (no plugin provides it); nothing is queued for it`,
          );
          continue;
        }
        const address = channel.addressOf(r);
        if (!address) continue;
        // Channels such as SMS get no case content at all: no answers, no free-text reason.
        const rendered = channel.carriesAnswers
          ? full
          : (answerFree ??= renderMessage(template, r.locale, fallback, withoutCaseContent({ ...base, answers: {} }), zone));
        out.outbox.push({
          channel: channel.id,
          userId: r.id,
          address,
          caseId: req.caseId,
          kind: req.kind,
          dedupeKey: `${req.dedupeKey}:${r.id}:${channel.id}`,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
        });
      }
    }
    return out;
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.logger.warn(message);
  }
}

function withoutCaseContent(context: Record<string, unknown>): MessageContext {
  return subjectContext(context) as unknown as MessageContext;
}
