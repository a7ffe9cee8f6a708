import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ReferralSnapshot, ReferralStatus } from '@app/workflow';
import { CasePredicate, isUuid } from './cases.repository';

export type { ReferralStatus };

/** Referral statuses in which the provider may read what is shared. */
export const OPEN_REFERRAL: readonly ReferralStatus[] = ['sent', 'accepted'];

export interface Referral {
  id: string;
  caseId: string;
  caseNumber: string;
  serviceType: string;
  providerId: string;
  providerAgencyId: string | null;
  status: ReferralStatus;
  sharedFields: Record<string, string[]>;
  reason: string;
  urgency: string | null;
  consentPurpose: string | null;
  consentOverridden: boolean;
  createdBy: { id: string; name: string };
  createdAt: Date;
  authorisedBy: { id: string; name: string } | null;
  authorisedAt: Date | null;
  authorisationNote: string | null;
  sentAt: Date | null;
  respondBy: Date | null;
  respondedBy: { id: string; name: string } | null;
  respondedAt: Date | null;
  responseReason: string | null;
  responseRecordedForProvider: boolean;
  followedUpAt: Date | null;
  serviceReceived: boolean | null;
  /** Answers to the pack's follow-up questions, by question id (null before the follow-up). */
  followUpAnswers: Record<string, boolean | string> | null;
  followUpNotes: string | null;
  revokedAt: Date | null;
  revokeReason: string | null;
}

export interface NewReferral {
  caseId: string;
  serviceType: string;
  providerId: string;
  providerAgencyId: string | null;
  status: ReferralStatus;
  sharedFields: Record<string, string[]>;
  reason: string;
  urgency: string | null;
  consentPurpose: string | null;
  consentOverrideReason: string | null;
  createdBy: string;
  createdAt: Date;
  sentAt: Date | null;
  respondBy: Date | null;
}

const who = (alias: string) => `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'name', ${alias}.display_name) END`;

const SELECT = `
  SELECT r.id, r.case_id AS "caseId", c.case_number AS "caseNumber", r.service_type AS "serviceType", r.provider_id AS "providerId",
         r.provider_agency_id AS "providerAgencyId", r.status, r.shared_fields AS "sharedFields", r.reason, r.urgency,
         r.consent_purpose AS "consentPurpose", (r.consent_override_reason IS NOT NULL) AS "consentOverridden",
         json_build_object('id', cb.id, 'name', cb.display_name) AS "createdBy", r.created_at AS "createdAt",
         ${who('ab')} AS "authorisedBy", r.authorised_at AS "authorisedAt", r.authorisation_note AS "authorisationNote",
         r.sent_at AS "sentAt", r.respond_by AS "respondBy", ${who('rb')} AS "respondedBy", r.responded_at AS "respondedAt",
         r.response_reason AS "responseReason", r.response_recorded_for_provider AS "responseRecordedForProvider",
         r.followed_up_at AS "followedUpAt", r.service_received AS "serviceReceived", r.follow_up_answers AS "followUpAnswers",
         r.follow_up_notes AS "followUpNotes", r.revoked_at AS "revokedAt", r.revoke_reason AS "revokeReason"
  FROM referrals r JOIN cases c ON c.id = r.case_id JOIN users cb ON cb.id = r.created_by
  LEFT JOIN users ab ON ab.id = r.authorised_by LEFT JOIN users rb ON rb.id = r.responded_by`;

/** Column updates a status change may make (snake_case column → value). */
export type ReferralChange = Record<string, unknown>;

const CHANGEABLE = new Set([
  'status',
  'authorised_by',
  'authorised_at',
  'authorisation_note',
  'sent_at',
  'respond_by',
  'responded_by',
  'responded_at',
  'response_reason',
  'response_recorded_for_provider',
  'followed_up_by',
  'followed_up_at',
  'service_received',
  'follow_up_answers',
  'follow_up_notes',
  'revoked_by',
  'revoked_at',
  'revoke_reason',
]);

/** The only place that reads and writes referrals. Writers hold the case row lock, then the referral's. */
@Injectable()
export class ReferralsRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(em: EntityManager, r: NewReferral): Promise<string> {
    const rows = await em.query(
      `INSERT INTO referrals (case_id, service_type, provider_id, provider_agency_id, status, shared_fields, reason, urgency,
         consent_purpose, consent_override_reason, created_by, created_at, sent_at, respond_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING id`,
      [
        r.caseId,
        r.serviceType,
        r.providerId,
        r.providerAgencyId,
        r.status,
        JSON.stringify(r.sharedFields),
        r.reason,
        r.urgency,
        r.consentPurpose,
        r.consentOverrideReason,
        r.createdBy,
        r.createdAt,
        r.sentAt,
        r.respondBy,
      ],
    );
    return rows[0].id;
  }

  /** A referral by id (a malformed id is simply not found). */
  async find(id: string, em: EntityManager = this.ds.manager): Promise<Referral | null> {
    if (!isUuid(id)) return null;
    const rows = await em.query(`${SELECT} WHERE r.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Locks the referral row (the case row is locked first) and returns it as it is now. */
  async lock(em: EntityManager, id: string): Promise<Referral | null> {
    if (!isUuid(id)) return null;
    await em.query(`SELECT id FROM referrals WHERE id = $1 FOR UPDATE`, [id]);
    return this.find(id, em);
  }

  forCase(caseId: string): Promise<Referral[]> {
    return this.ds.query(`${SELECT} WHERE r.case_id = $1 ORDER BY r.created_at DESC, r.id`, [caseId]);
  }

  /** Referrals sent to an agency (never those still awaiting authorisation), newest first. */
  toAgency(agencyId: string, statuses: ReferralStatus[], limit: number): Promise<Referral[]> {
    return this.ds.query(
      `${SELECT} WHERE r.provider_agency_id = $1 AND r.sent_at IS NOT NULL AND r.status = ANY($2::text[])
       ORDER BY r.sent_at DESC, r.id LIMIT $3`,
      [agencyId, statuses, limit],
    );
  }

  /** Referrals in `status` on the cases `where` selects (the user's rules as SQL over cases `c`), oldest first. */
  withStatusOn(status: ReferralStatus, where: CasePredicate, limit: number): Promise<Referral[]> {
    const [sql, params] = this.ds.driver.escapeQueryWithParameters(
      `${SELECT} WHERE r.status = :referralStatus AND ${where.sql} ORDER BY r.created_at, r.id LIMIT :referralLimit`,
      { ...where.params, referralStatus: status, referralLimit: limit },
    );
    return this.ds.query(sql, params);
  }

  /**
   * Moves a referral from one of `from` to a new state; false if it is no longer in one of them
   * (a concurrent answer or revocation won).
   */
  async change(em: EntityManager, id: string, from: ReferralStatus[], change: ReferralChange): Promise<boolean> {
    const cols = Object.keys(change);
    for (const c of cols) if (!CHANGEABLE.has(c)) throw new Error(`referrals.${c} cannot be changed`);
    const sets = cols.map((c, i) => `${c} = $${i + 3}`).join(', ');
    const rows = await em.query(`WITH done AS (UPDATE referrals SET ${sets} WHERE id = $1 AND status = ANY($2::text[]) RETURNING id) SELECT id FROM done`, [
      id,
      from,
      ...cols.map((c) => change[c]),
    ]);
    return rows.length === 1;
  }

  /** The engine's view of a case's referrals (deadlines anchored on referral_sent). */
  async snapshots(caseId: string, em: EntityManager): Promise<ReferralSnapshot[]> {
    const rows: Array<ReferralSnapshot> = await em.query(
      `SELECT id, service_type AS "serviceType", status, sent_at AS "sentAt", respond_by AS "respondBy", responded_at AS "respondedAt"
       FROM referrals WHERE case_id = $1 ORDER BY created_at, id`,
      [caseId],
    );
    return rows.map((r) => ({
      ...r,
      sentAt: r.sentAt && new Date(r.sentAt),
      respondBy: r.respondBy && new Date(r.respondBy),
      respondedAt: r.respondedAt && new Date(r.respondedAt),
    }));
  }
}
