import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (docs/adr/0013-webhooks.md): administrators subscribe a URL to case event types; each
 * event queues one delivery per subscription in the event's own transaction (a transactional
 * outbox), which the worker sends, retries with back-off and logs attempt by attempt. Secrets are
 * sealed with CMIS_SECRETS_KEY like the two-factor secrets; the previous one signs too until
 * `previous_secret_until` (rotation).
 */
export class Webhooks1766570000000 implements MigrationInterface {
  name = 'Webhooks1766570000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id                     uuid PRIMARY KEY,
        name                   text NOT NULL,
        url                    text NOT NULL,
        event_types            text[] NOT NULL,
        role_id                text NOT NULL,
        active                 boolean NOT NULL DEFAULT true,
        secret_sealed          text NOT NULL,
        previous_secret_sealed text,
        previous_secret_until  timestamptz,
        created_by             uuid REFERENCES users(id),
        created_at             timestamptz NOT NULL,
        updated_at             timestamptz NOT NULL,
        deleted_at             timestamptz
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id               uuid PRIMARY KEY,
        subscription_id  uuid NOT NULL REFERENCES webhook_subscriptions(id),
        event_type       text NOT NULL,
        case_id          uuid,
        body             text NOT NULL,
        status           text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts         int NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL,
        locked_until     timestamptz,
        last_error       text,
        created_at       timestamptz NOT NULL,
        sent_at          timestamptz
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE webhook_attempts (
        id           bigserial PRIMARY KEY,
        delivery_id  uuid NOT NULL REFERENCES webhook_deliveries(id),
        at           timestamptz NOT NULL,
        status_code  int,
        error        text,
        duration_ms  int NOT NULL
      )`);
    await q.query(`CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_subscriptions`);
  }
}
