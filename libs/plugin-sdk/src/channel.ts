/** A way of reaching users outside the app (SMS, a messaging service), as the notification outbox uses it. */
export interface PluginChannelMessage {
  /** Stable across retries: use it to make a retried send recognisable. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface PluginChannel {
  /** `<plugin id>.<name>`; a pack lists it in notifications.json `channels`. */
  id: string;
  /** False: bodies get the rendering without case answers (as for SMS). */
  carriesAnswers: boolean;
  /** False when not configured in this process: nothing is queued for it. */
  enabled: boolean;
  addressOf(user: { email: string | null; phone: string | null }): string | null;
  send(message: PluginChannelMessage): Promise<void>;
}
