import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface InboxMessage {
  id: string;
  kind: string;
  caseId: string | null;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

export interface NewInboxMessage {
  userId: string;
  kind: string;
  caseId: string | null;
  title: string;
  body: string;
  dedupeKey: string;
}

/** The only place that reads and writes the in-app inbox. */
@Injectable()
export class InboxRepository {
  constructor(private readonly ds: DataSource) {}

  /** Idempotent: the same dedupe key is delivered once. */
  async insert(em: EntityManager, m: NewInboxMessage & { at: Date }): Promise<void> {
    await em.query(
      `INSERT INTO notifications (user_id, kind, case_id, title, body, dedupe_key, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (dedupe_key) DO NOTHING`,
      [m.userId, m.kind, m.caseId, m.title, m.body, m.dedupeKey, m.at],
    );
  }

  /** insert for many messages in one statement (a scheduler batch). */
  async insertMany(em: EntityManager, messages: NewInboxMessage[], at: Date): Promise<void> {
    if (!messages.length) return;
    await em.query(
      `INSERT INTO notifications (user_id, kind, case_id, title, body, dedupe_key, created_at)
       SELECT m.user_id, m.kind, m.case_id, m.title, m.body, m.dedupe_key, $2
       FROM jsonb_to_recordset($1::jsonb) AS m(user_id uuid, kind text, case_id uuid, title text, body text, dedupe_key text)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        JSON.stringify(messages.map((m) => ({ user_id: m.userId, kind: m.kind, case_id: m.caseId, title: m.title, body: m.body, dedupe_key: m.dedupeKey }))),
        at,
      ],
    );
  }

  list(userId: string, unreadOnly: boolean, limit: number): Promise<InboxMessage[]> {
    return this.ds.query(
      `SELECT id, kind, case_id AS "caseId", title, body, created_at AS "createdAt", read_at AS "readAt"
       FROM notifications WHERE user_id = $1 AND ($2::boolean = false OR read_at IS NULL)
       ORDER BY created_at DESC, id LIMIT $3`,
      [userId, unreadOnly, limit],
    );
  }

  async markRead(userId: string, id: string, at: Date): Promise<boolean> {
    const rows = await this.ds.query(
      `WITH done AS (UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id::text = $2 AND user_id = $1 RETURNING id)
       SELECT id FROM done`,
      [userId, id, at],
    );
    return rows.length === 1;
  }
}
