import type { PluginMigration } from '@app/plugin-sdk';

/**
 * The plugin's tables, in schema `plugin_gbv`. Incident answers live here, never in the case's
 * answers: core case reads, exports and searches cannot reach them.
 */
export const GBV_MIGRATIONS: PluginMigration[] = [
  {
    id: '001-incidents',
    up: `
      CREATE TABLE incidents (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id       uuid NOT NULL REFERENCES public.cases(id),
        case_number   text NOT NULL,
        status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        form_version  integer NOT NULL,
        answers       jsonb NOT NULL,
        recorded_at   timestamptz NOT NULL,
        recorded_by   uuid NOT NULL,
        updated_at    timestamptz NOT NULL,
        updated_by    uuid NOT NULL
      );
      CREATE INDEX incidents_case_idx ON incidents (case_id, recorded_at DESC, id DESC);
      CREATE INDEX incidents_recent_idx ON incidents (recorded_at DESC, id DESC);

      -- Survivor consent, per incident and purpose. Append-only: a change of mind is a new record
      -- and the latest one decides, so the history of who agreed to what stays whole.
      CREATE TABLE consents (
        seq           bigserial PRIMARY KEY,
        id            uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        incident_id   uuid NOT NULL REFERENCES incidents(id),
        purpose       text NOT NULL,
        decision      text NOT NULL CHECK (decision IN ('granted', 'refused', 'withdrawn')),
        given_by      text NOT NULL CHECK (given_by IN ('survivor', 'caregiver')),
        method        text NOT NULL,
        recorded_at   timestamptz NOT NULL,
        recorded_by   uuid NOT NULL
      );
      CREATE INDEX consents_incident_idx ON consents (incident_id, recorded_at, seq);

      CREATE FUNCTION consents_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'gbv consent records are append-only';
      END
      $fn$;
      CREATE TRIGGER consents_append_only BEFORE UPDATE OR DELETE ON consents
        FOR EACH ROW EXECUTE FUNCTION consents_append_only();

      CREATE TABLE referrals (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id   uuid NOT NULL REFERENCES incidents(id),
        service_type  text NOT NULL,
        purpose       text NOT NULL,
        provider_name text NOT NULL,
        notes         text,
        status        text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'accepted', 'declined', 'completed')),
        created_at    timestamptz NOT NULL,
        created_by    uuid NOT NULL,
        updated_at    timestamptz NOT NULL,
        updated_by    uuid NOT NULL
      );
      CREATE INDEX referrals_incident_idx ON referrals (incident_id, created_at);
    `,
  },
];
