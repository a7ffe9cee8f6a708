import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referrals of a case to a service provider (what is shared, consent, authorisation, the provider's
 * answer, follow-up) and transfers of a case to another worker, team, agency or location, which take
 * effect only when the receiving side accepts. Rows change status but are never deleted.
 */
export class ReferralsAndTransfers1765700000000 implements MigrationInterface {
  name = 'ReferralsAndTransfers1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referrals (
        id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id                 uuid NOT NULL REFERENCES cases(id),
        service_type            text NOT NULL,
        provider_id             text NOT NULL,
        -- The agency whose users answer in the platform; NULL for a provider outside the platform.
        provider_agency_id      text,
        status                  text NOT NULL CHECK (status IN ('awaiting_authorisation', 'not_authorised', 'sent', 'accepted', 'declined', 'done', 'revoked')),
        -- { formId: [field, ...] }: exactly what the provider may read, fixed when the referral is made.
        shared_fields           jsonb NOT NULL,
        reason                  text NOT NULL,
        urgency                 text,
        consent_purpose         text,
        consent_override_reason text,
        created_by              uuid NOT NULL REFERENCES users(id),
        created_at              timestamptz NOT NULL,
        authorised_by           uuid REFERENCES users(id),
        authorised_at           timestamptz,
        authorisation_note      text,
        sent_at                 timestamptz,
        respond_by              timestamptz,
        responded_by            uuid REFERENCES users(id),
        responded_at            timestamptz,
        response_reason         text,
        -- The referring side recorded the answer of a provider outside the platform.
        response_recorded_for_provider boolean NOT NULL DEFAULT false,
        followed_up_by          uuid REFERENCES users(id),
        followed_up_at          timestamptz,
        service_received        boolean,
        child_satisfied         text CHECK (child_satisfied IN ('yes', 'no', 'unknown')),
        follow_up_notes         text,
        revoked_by              uuid REFERENCES users(id),
        revoked_at              timestamptz,
        revoke_reason           text,
        CHECK (sent_at IS NOT NULL OR status IN ('awaiting_authorisation', 'not_authorised', 'revoked'))
      )`);
    await q.query(`CREATE INDEX referrals_case ON referrals (case_id, created_at)`);
    await q.query(`CREATE INDEX referrals_incoming ON referrals (provider_agency_id, status) WHERE provider_agency_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE case_transfers (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id            uuid NOT NULL REFERENCES cases(id),
        status             text NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled')),
        from_user_id       uuid REFERENCES users(id),
        from_team_id       text,
        from_agency_id     text,
        from_location_code text NOT NULL,
        to_user_id         uuid NOT NULL REFERENCES users(id),
        to_team_id         text,
        to_agency_id       text,
        to_location_code   text NOT NULL REFERENCES locations(code),
        reason             text NOT NULL,
        requested_by       uuid NOT NULL REFERENCES users(id),
        requested_at       timestamptz NOT NULL,
        decided_by         uuid REFERENCES users(id),
        decided_at         timestamptz,
        decision_reason    text,
        CHECK ((status = 'pending') = (decided_at IS NULL))
      )`);
    // One open transfer per case: a second request waits until the first is decided or cancelled.
    await q.query(`CREATE UNIQUE INDEX case_transfers_one_pending ON case_transfers (case_id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX case_transfers_to_user ON case_transfers (to_user_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_transfers`);
    await q.query(`DROP TABLE referrals`);
  }
}
