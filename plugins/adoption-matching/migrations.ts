import type { PluginMigration } from '@app/plugin-sdk';

/**
 * The plugin's own tables (schema `plugin_adoption_matching`). Families are not case data: they
 * live here, with the answers of the family form as registered. A match ties a case to a family;
 * its score and explanation are kept as they were when proposed, so the panel decides on what the
 * proposer saw even if the family or the child profile changes afterwards.
 */
export const migrations: PluginMigration[] = [
  {
    id: '001-families-and-matches',
    up: `
      CREATE TABLE families (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        answers          jsonb NOT NULL,
        location_code    text NOT NULL,
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
        registered_by    uuid NOT NULL,
        registered_at    timestamptz NOT NULL,
        updated_by       uuid,
        updated_at       timestamptz,
        decided_by       uuid,
        decided_at       timestamptz,
        decision_reason  text,
        CHECK ((status = 'pending') = (decided_at IS NULL)),
        CHECK (status <> 'rejected' OR length(trim(decision_reason)) > 0),
        CHECK (decided_by IS NULL OR (decided_by <> registered_by AND decided_by IS DISTINCT FROM updated_by))
      );
      CREATE INDEX families_status_idx ON families (status, registered_at);

      CREATE TABLE matches (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id           uuid NOT NULL REFERENCES public.cases(id),
        family_id         uuid NOT NULL REFERENCES families(id),
        status            text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'rejected', 'withdrawn')),
        note              text,
        score             numeric(4, 1) NOT NULL CHECK (score BETWEEN 0 AND 100),
        meets_all         boolean NOT NULL,
        criteria          jsonb NOT NULL,
        proposed_by       uuid NOT NULL,
        proposed_at       timestamptz NOT NULL,
        decided_by        uuid,
        decided_at        timestamptz,
        decision_reason   text,
        withdrawn_at      timestamptz,
        withdrawn_reason  text CHECK (withdrawn_reason IN ('another_match_approved', 'case_left_adoption')),
        CHECK (status <> 'rejected' OR length(trim(decision_reason)) > 0),
        CHECK (decided_by IS NULL OR decided_by <> proposed_by),
        CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
      );
      -- One approved match per child; one open proposal of a family per child.
      CREATE UNIQUE INDEX matches_one_approved_idx ON matches (case_id) WHERE status = 'approved';
      CREATE UNIQUE INDEX matches_one_open_idx ON matches (case_id, family_id) WHERE status = 'proposed';
      CREATE INDEX matches_case_idx ON matches (case_id, proposed_at);
      CREATE INDEX matches_family_idx ON matches (family_id) WHERE status = 'approved';
    `,
  },
];
