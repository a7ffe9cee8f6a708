import type { PluginMigration } from '@app/plugin-sdk';

/**
 * The plugin's tables (in its own schema): tracing requests, the index of registered children that
 * hooks keep in step, and the candidate matches. Names are stored normalised (accents removed in JS)
 * so the trigram index works without the unaccent extension.
 */
export const migrations: PluginMigration[] = [
  {
    id: '001-tracing',
    up: `
      CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

      CREATE SEQUENCE request_number_seq;

      CREATE TABLE requests (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference        text NOT NULL UNIQUE,
        status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'matched', 'closed')),
        answers          jsonb NOT NULL,
        -- The relative's consent is the act of asking; a request without it is never stored.
        requester_consent boolean NOT NULL CHECK (requester_consent),
        sought_name      text NOT NULL,
        name_norm        text NOT NULL,
        phonetic_keys    text[] NOT NULL,
        sex              text,
        date_of_birth    date,
        age_years        integer CHECK (age_years BETWEEN 0 AND 25),
        location_code    text,
        location_path    text,
        recorded_by      uuid NOT NULL,
        agency_id        text,
        recorded_at      timestamptz NOT NULL,
        -- Children indexed after this were not yet compared with the request.
        last_matched_at  timestamptz,
        matched_case_id  uuid REFERENCES public.cases(id) ON DELETE SET NULL,
        matched_at       timestamptz,
        closed_by        uuid,
        closed_at        timestamptz,
        close_reason     text,
        updated_at       timestamptz NOT NULL
      );
      CREATE INDEX requests_agency_idx ON requests (agency_id, recorded_at DESC);
      CREATE INDEX requests_open_idx ON requests (last_matched_at NULLS FIRST) WHERE status = 'open';

      CREATE TABLE children (
        case_id        uuid PRIMARY KEY REFERENCES public.cases(id) ON DELETE CASCADE,
        case_type      text NOT NULL,
        full_name      text NOT NULL,
        name_norm      text NOT NULL,
        phonetic_keys  text[] NOT NULL,
        date_of_birth  date,
        sex            text,
        location_code  text NOT NULL,
        location_path  text NOT NULL,
        indexed_at     timestamptz NOT NULL
      );
      CREATE INDEX children_name_trgm_idx ON children USING gin (name_norm public.gin_trgm_ops);
      CREATE INDEX children_phonetic_idx ON children USING gin (phonetic_keys);
      CREATE INDEX children_indexed_at_idx ON children (indexed_at);

      CREATE TABLE matches (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id       uuid NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        case_id          uuid NOT NULL REFERENCES public.cases(id) ON DELETE CASCADE,
        score            double precision NOT NULL CHECK (score BETWEEN 0 AND 1),
        name_similarity  double precision NOT NULL,
        reasons          jsonb NOT NULL,
        status           text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'rejected')),
        proposed_at      timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        decided_by       uuid,
        decided_at       timestamptz,
        reason           text,
        UNIQUE (request_id, case_id)
      );
      CREATE INDEX matches_case_idx ON matches (case_id);
      CREATE UNIQUE INDEX matches_one_confirmed_idx ON matches (request_id) WHERE status = 'confirmed';
    `,
  },
];
