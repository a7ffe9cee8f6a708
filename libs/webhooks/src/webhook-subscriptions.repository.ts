import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface WebhookSubscriptionRow {
  id: string;
  name: string;
  url: string;
  eventTypes: string[];
  roleId: string;
  active: boolean;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, name, url, event_types AS "eventTypes", role_id AS "roleId", active, secret_sealed AS "secretSealed",
  previous_secret_sealed AS "previousSecretSealed", previous_secret_until AS "previousSecretUntil", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The only place that reads and writes webhook subscriptions. Deleted ones are kept (their delivery log), never listed. */
@Injectable()
export class WebhookSubscriptionsRepository {
  constructor(private readonly ds: DataSource) {}

  list(): Promise<WebhookSubscriptionRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE deleted_at IS NULL ORDER BY created_at, id`);
  }

  async find(id: string, em?: EntityManager): Promise<WebhookSubscriptionRow | null> {
    const rows = await (em ?? this.ds).query(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE id::text = $1 AND deleted_at IS NULL`, [id]);
    return rows[0] ?? null;
  }

  /** Active subscriptions to one event type, read in the event's transaction. */
  activeFor(em: EntityManager, eventType: string): Promise<WebhookSubscriptionRow[]> {
    return em.query(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE active AND deleted_at IS NULL AND $1 = ANY(event_types) ORDER BY id`, [eventType]);
  }

  async insert(
    em: EntityManager,
    s: Omit<WebhookSubscriptionRow, 'previousSecretSealed' | 'previousSecretUntil' | 'updatedAt'>,
    createdBy: string,
  ): Promise<void> {
    await em.query(
      `INSERT INTO webhook_subscriptions (id, name, url, event_types, role_id, active, secret_sealed, created_by, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9)`,
      [s.id, s.name, s.url, s.eventTypes, s.roleId, s.active, s.secretSealed, createdBy, s.createdAt],
    );
  }

  async update(em: EntityManager, id: string, s: Pick<WebhookSubscriptionRow, 'name' | 'url' | 'eventTypes' | 'roleId' | 'active'>, at: Date): Promise<void> {
    await em.query(`UPDATE webhook_subscriptions SET name = $2, url = $3, event_types = $4, role_id = $5, active = $6, updated_at = $7 WHERE id = $1`, [
      id,
      s.name,
      s.url,
      s.eventTypes,
      s.roleId,
      s.active,
      at,
    ]);
  }

  async rotate(em: EntityManager, id: string, secretSealed: string, previousSealed: string | null, previousUntil: Date | null, at: Date): Promise<void> {
    await em.query(
      `UPDATE webhook_subscriptions SET secret_sealed = $2, previous_secret_sealed = $3, previous_secret_until = $4, updated_at = $5 WHERE id = $1`,
      [id, secretSealed, previousSealed, previousUntil, at],
    );
  }

  async remove(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.query(`UPDATE webhook_subscriptions SET deleted_at = $2, active = false, updated_at = $2 WHERE id = $1`, [id, at]);
  }

  /** For the sender: the subscription of a delivery even if it was deleted since (then nothing is sent). */
  async forSending(id: string): Promise<(WebhookSubscriptionRow & { deleted: boolean }) | null> {
    const rows = await this.ds.query(`SELECT ${COLUMNS}, deleted_at IS NOT NULL AS deleted FROM webhook_subscriptions WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }
}
