import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '@app/config';

type Listener = { onMessage: (payload: string) => void; onGap: () => void };

const RETRY_MS = 1_000;
/** A connection that died without a word (a network cut) is noticed by its heartbeat failing to answer in time. */
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 3_000;

/**
 * PostgreSQL LISTEN on one connection of its own, opened on the first subscription. In-memory
 * caches rely on it to forget what another process changed; while it is not connected they must not
 * trust themselves (`live` is false), and each subscriber is told of every gap (`onGap`, also once
 * listening starts), because anything may have changed meanwhile.
 */
@Injectable()
export class DatabaseNotifications implements OnApplicationShutdown {
  private readonly log = new Logger('DatabaseNotifications');
  private readonly listeners = new Map<string, Listener[]>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private listening = false;
  private closed = false;

  constructor(private readonly config: AppConfig) {}

  /** Notifications are arriving: nothing committed since listening began went unannounced. */
  get live(): boolean {
    return this.listening;
  }

  subscribe(channel: string, listener: Listener): void {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    if (this.client && this.listening) {
      // A channel added to a live connection: live again once LISTEN has run.
      this.listening = false;
      void this.client.query(`LISTEN ${channel}`).then(
        () => ((this.listening = true), listener.onGap()),
        (e) => this.lost(e),
      );
    } else void this.connect();
  }

  private connect(): Promise<void> {
    if (this.closed || this.connecting || this.client) return this.connecting ?? Promise.resolve();
    const client = new Client({
      connectionString: this.config.DATABASE_LISTEN_URL ?? this.config.requireDatabaseUrl(),
      application_name: 'cmis notifications',
    });
    this.client = client;
    client.on('notification', (n) => {
      for (const l of this.listeners.get(n.channel) ?? []) l.onMessage(n.payload ?? '');
    });
    client.on('error', (e) => this.lost(e));
    client.on('end', () => this.lost(null));
    this.connecting = (async () => {
      try {
        await client.connect();
        for (const channel of this.listeners.keys()) await client.query(`LISTEN ${channel}`);
        if (this.client !== client) return;
        this.listening = true;
        this.beat(client);
        for (const ls of this.listeners.values()) for (const l of ls) l.onGap();
      } catch (e) {
        this.lost(e);
      } finally {
        this.connecting = null;
      }
    })();
    return this.connecting;
  }

  private beat(client: Client): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      if (this.client !== client) return;
      const late = setTimeout(() => this.lost(new Error('no answer to the heartbeat')), HEARTBEAT_TIMEOUT_MS);
      late.unref?.();
      client.query('SELECT 1').then(
        () => clearTimeout(late),
        (e) => (clearTimeout(late), this.lost(e)),
      );
    }, HEARTBEAT_MS);
    this.heartbeat.unref?.();
  }

  private lost(error: unknown): void {
    const client = this.client;
    if (!client) return;
    this.client = null;
    this.listening = false;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const ls of this.listeners.values()) for (const l of ls) l.onGap();
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.closed) return;
    if (error) this.log.warn(`notifications connection lost (${(error as Error).message ?? error}); caches bypassed until it is back`);
    this.retry ??= setTimeout(() => ((this.retry = null), void this.connect()), RETRY_MS);
    this.retry.unref?.();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.connecting;
    const client = this.client;
    this.client = null;
    this.listening = false;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
