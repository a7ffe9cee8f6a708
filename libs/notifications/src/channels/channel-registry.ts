import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { NotificationChannel } from './channel';
import { DEFAULT_MAIL_FROM, EmailChannel } from './email.channel';

/** Optional provider token: the channels a registry starts with, instead of the built-in email channel from env. */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');

/**
 * The notification channels by id: the built-in email channel, and whatever plugins `register`.
 * Closes every channel (pooled SMTP connections and the like) when the application shuts down.
 */
@Injectable()
export class ChannelRegistry implements OnApplicationShutdown {
  private readonly channels = new Map<string, NotificationChannel>();
  private readonly log = new Logger('ChannelRegistry');

  // @Optional: with no NOTIFICATION_CHANNELS provider Nest passes undefined and the email channel of
  // the configuration applies (disabled without AppConfig), so `providers: [ChannelRegistry]` works as is.
  constructor(@Optional() @Inject(NOTIFICATION_CHANNELS) channels?: NotificationChannel[], @Optional() config?: AppConfig) {
    for (const c of channels ?? [config ? EmailChannel.fromConfig(config) : new EmailChannel({ from: DEFAULT_MAIL_FROM })]) this.register(c);
  }

  register(channel: NotificationChannel): void {
    if (!channel.id) throw new Error('A notification channel needs a non-empty id.');
    if (this.channels.has(channel.id)) throw new Error(`A notification channel with id "${channel.id}" is already registered.`);
    this.channels.set(channel.id, channel);
  }

  get(id: string): NotificationChannel | undefined {
    return this.channels.get(id);
  }

  /** The configured channels, in registration order. */
  enabled(): NotificationChannel[] {
    return [...this.channels.values()].filter((c) => c.enabled);
  }

  /** Closes every channel, even when one fails; then reports the failures together. */
  async closeAll(): Promise<void> {
    const list = [...this.channels.values()];
    const results = await Promise.allSettled(list.map(async (c) => c.close?.()));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ id: list[i].id, reason: r.reason }] : []));
    if (failed.length) {
      throw new AggregateError(
        failed.map((f) => f.reason),
        `Closing notification channels failed: ${failed.map((f) => f.id).join(', ')}`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.closeAll();
    } catch (e) {
      // Shutdown goes on regardless: a channel that cannot close cleanly must not keep the process up.
      this.log.warn(e instanceof Error ? e.message : String(e));
    }
  }
}
