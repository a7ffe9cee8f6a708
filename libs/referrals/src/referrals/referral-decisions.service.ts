import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, validateCommand } from '@app/core';
import { inTransaction } from '@app/database';
import type { CurrentUser } from '@app/identity';
import type { SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { addDuration, workCalendar } from '@app/workflow';
import {
  type CaseAccess,
  CaseWriter,
  invalidField,
  REASON_SCHEMA,
  CaseConsentService,
  Referral,
  ReferralChange,
  ReferralsRepository,
  ReferralStatus,
} from '@app/cases';
import { ServiceDirectoryService } from '@app/service-directory';
import { ReferralAccess, ReferralSide } from './referral-access';
import { checkFollowUpAnswers } from './follow-up-answers';
import { ReferralAudience, ReferralNotices } from './referral-notices';
import { ReferralErrorCode } from '../referrals.errors';

export const AUTHORISE_REFERRAL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['decision'],
  properties: {
    decision: { type: 'string', enum: ['authorised', 'refused'] },
    note: { ...REASON_SCHEMA, description: 'required when refusing' },
  },
};

export const RESPOND_REFERRAL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['decision'],
  properties: {
    decision: { type: 'string', enum: ['accepted', 'declined'] },
    reason: { ...REASON_SCHEMA, description: 'required when declining' },
  },
};

export const REFERRAL_FOLLOW_UP_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['serviceReceived'],
  properties: {
    serviceReceived: { type: 'boolean' },
    answers: {
      type: 'object',
      maxProperties: 50,
      description:
        "answers to the pack's follow-up questions (services.json followUpQuestions) by question id: true/false, an option value, or text; " +
        'only to the questions asked (askedWhen: serviceReceived questions only when serviceReceived is true)',
    },
    notes: { type: 'string', maxLength: 4000 },
  },
};

export const REVOKE_REFERRAL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    reason: REASON_SCHEMA,
    expectedStatus: {
      type: 'string',
      enum: ['awaiting_authorisation', 'sent', 'accepted'],
      description: 'the status the worker saw: if the provider answered meanwhile, 409 instead of revoking what they just accepted',
    },
  },
};

/** One decision: the statuses it applies to, the new state, and who is told. */
interface Decision {
  from: ReferralStatus[];
  change: ReferralChange;
  event: string;
  data: Record<string, unknown>;
  tell: ReferralAudience[];
  reason: string | null;
  templateId?: string;
}

/**
 * What happens to a referral after it is made: the authority authorises or refuses it, the provider
 * accepts or declines it (the referring side records the answer of a provider outside the platform),
 * the referring worker records the follow-up, or revokes it. Each holds the case lock then the
 * referral's, so two decisions at once are serialised: the second finds the new status and gets 409.
 */
@Injectable()
export class ReferralDecisionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly referralAccess: ReferralAccess,
    private readonly referrals: ReferralsRepository,
    private readonly directory: ServiceDirectoryService,
    private readonly writer: CaseWriter,
    private readonly notices: ReferralNotices,
    private readonly consent: CaseConsentService,
    private readonly registry: SopRegistry,
    private readonly clock: Clock,
  ) {}

  async authorise(user: CurrentUser, id: string, body: unknown) {
    const cmd = validateCommand<{ decision: 'authorised' | 'refused'; note?: string }>(AUTHORISE_REFERRAL_SCHEMA, body);
    const note = cmd.note?.trim() || null;
    if (cmd.decision === 'refused' && !note) throw invalidField('/note', 'give the reason for refusing', undefined, 'required');
    return this.decide(user, id, async (r, a, now, _side, pack, em) => {
      if (!a.perms.canOnCase('authorise', 'referral', a.facts)) throw notPermitted('Your role may not authorise this referral.');
      // Four eyes: the authorisation is a second person's decision.
      if (r.createdBy.id === user.id) throw notPermitted('You may not authorise a referral you made.');
      if (cmd.decision === 'refused') {
        return {
          from: ['awaiting_authorisation'],
          change: { status: 'not_authorised', authorised_by: user.id, authorised_at: now, authorisation_note: note },
          event: 'referral_not_authorised',
          data: {},
          tell: ['referrer'],
          reason: note,
        };
      }
      // Consent may have been withdrawn while it waited (an override made at the time stands).
      if (!r.consentOverridden) await this.consent.require(em, a, 'referral', undefined);
      const within = pack.services.serviceTypes.find((t) => t.id === r.serviceType)?.referral?.respondWithin;
      const respondBy = within ? addDuration(now, within, workCalendar(a.sop.pack.manifest)) : null;
      return {
        from: ['awaiting_authorisation'],
        change: {
          status: 'sent',
          authorised_by: user.id,
          authorised_at: now,
          authorisation_note: cmd.note ?? null,
          sent_at: now,
          respond_by: respondBy,
        },
        event: 'referral_authorised',
        data: respondBy ? { respondBy: respondBy.toISOString() } : {},
        tell: r.providerAgencyId ? ['referrer', 'provider'] : ['referrer'],
        reason: null,
      };
    });
  }

  async respond(user: CurrentUser, id: string, body: unknown) {
    const cmd = validateCommand<{ decision: 'accepted' | 'declined'; reason?: string }>(RESPOND_REFERRAL_SCHEMA, body);
    const reason = cmd.reason?.trim() || null;
    if (cmd.decision === 'declined' && !reason) throw invalidField('/reason', 'give the reason for declining', undefined, 'required');
    return this.decide(user, id, (r, a, now, side) => {
      // A provider outside the platform answers by phone or on paper; the referring side records it.
      const onBehalf = r.providerAgencyId === null && side === 'referring' && a.perms.canOnCase('refer', 'case', a.facts);
      if (!onBehalf && !this.referralAccess.receives(a, r, 'respond')) {
        throw notPermitted(
          r.providerAgencyId === null
            ? 'Only the referring side records the answer of a provider outside the platform.'
            : "Only the receiving provider's users may accept or decline this referral.",
        );
      }
      return {
        from: ['sent'],
        change: {
          status: cmd.decision,
          responded_by: user.id,
          responded_at: now,
          response_reason: reason,
          response_recorded_for_provider: onBehalf,
        },
        event: cmd.decision === 'accepted' ? 'referral_accepted' : 'referral_declined',
        data: { recordedForProvider: onBehalf },
        tell: onBehalf ? [] : ['referrer'],
        reason,
      };
    });
  }

  async followUp(user: CurrentUser, id: string, body: unknown) {
    const cmd = validateCommand<{ serviceReceived: boolean; answers?: Record<string, unknown>; notes?: string }>(REFERRAL_FOLLOW_UP_SCHEMA, body);
    return this.decide(user, id, (_r, a, now, side, pack) => {
      if (side !== 'referring' || !a.perms.canOnCase('refer', 'case', a.facts))
        throw notPermitted('Only the referring side records the follow-up of a referral.');
      // The questions of the pack in force; checked before anything is written.
      const answers = checkFollowUpAnswers(pack, cmd.answers, cmd.serviceReceived);
      return {
        from: ['accepted'],
        change: {
          status: 'done',
          followed_up_by: user.id,
          followed_up_at: now,
          service_received: cmd.serviceReceived,
          follow_up_answers: JSON.stringify(answers),
          follow_up_notes: cmd.notes?.trim() || null,
        },
        event: 'referral_followed_up',
        data: { serviceReceived: cmd.serviceReceived },
        tell: [],
        reason: null,
      };
    });
  }

  async revoke(user: CurrentUser, id: string, body: unknown) {
    const cmd = validateCommand<{ reason: string; expectedStatus?: ReferralStatus }>(REVOKE_REFERRAL_SCHEMA, body);
    return this.decide(user, id, (r, a, now, side) => {
      if (side !== 'referring' || !a.perms.canOnCase('refer', 'case', a.facts)) throw notPermitted('Only the referring side may revoke a referral.');
      const tell: ReferralAudience[] = r.status === 'awaiting_authorisation' ? ['authorisers'] : r.providerAgencyId ? ['provider'] : [];
      return {
        from: cmd.expectedStatus ? [cmd.expectedStatus] : ['awaiting_authorisation', 'sent', 'accepted'],
        change: { status: 'revoked', revoked_by: user.id, revoked_at: now, revoke_reason: cmd.reason.trim() },
        event: 'referral_revoked',
        data: {},
        tell,
        reason: cmd.reason.trim(),
        templateId: 'referral_answered',
      };
    });
  }

  private async decide(
    user: CurrentUser,
    id: string,
    plan: (r: Referral, a: CaseAccess, now: Date, side: ReferralSide, pack: SopPack, em: EntityManager) => Decision | Promise<Decision>,
  ): Promise<{ id: string; status: ReferralStatus }> {
    const now = this.clock.now();
    // Read before locking: no second pool connection is awaited while the case row is locked.
    const current = (await this.registry.currentIfPublished())?.pack ?? null;
    const providers = current ? await this.directory.providersOf(current) : [];
    return inTransaction(this.ds, async (em) => {
      const { r, a, side } = await this.referralAccess.lock(em, user, id);
      const pack: SopPack = current ?? a.sop.pack;
      const d = await plan(r, a, now, side, pack, em);
      if (!d.from.includes(r.status)) {
        throw new DomainError(
          ReferralErrorCode.ReferralStatusConflict,
          `The referral is ${r.status.replace(/_/g, ' ')}; this needs it to be ${d.from.map((s) => s.replace(/_/g, ' ')).join(' or ')}.`,
          { referralStatus: r.status },
        );
      }
      if (!(await this.referrals.change(em, r.id, d.from, d.change))) throw new Error(`referral ${r.id} changed under its lock`);
      const after = (await this.referrals.find(r.id, em))!;
      const provider = providers.find((p) => p.id === r.providerId);
      await this.tell(em, d, { pack, a, referral: after, provider, actorName: user.displayName, at: now });
      // Last: the timeline event (deadline closed or set) and its audit entry.
      await this.writer.commit(em, a.sop, {
        caseId: r.caseId,
        expectedVersion: null,
        patch: {},
        now,
        actorId: user.id,
        actor: user,
        events: [
          {
            caseId: r.caseId,
            type: d.event,
            actorId: user.id,
            at: now,
            data: {
              // No reason here: every reader of the case sees the timeline; the reason stays on the referral.
              referralId: r.id,
              serviceType: r.serviceType,
              providerId: r.providerId,
              status: after.status,
              ...d.data,
            },
          },
        ],
      });
      return { id: r.id, status: after.status };
    });
  }

  private async tell(em: EntityManager, d: Decision, input: Omit<Parameters<ReferralNotices['tell']>[2], 'event' | 'status' | 'reason'>) {
    for (const audience of d.tell) {
      await this.notices.tell(em, audience, {
        ...input,
        event: d.event,
        status: input.referral.status.replace(/_/g, ' '),
        reason: d.reason,
        templateId: d.templateId,
      });
    }
  }
}

function notPermitted(message: string): DomainError {
  return new DomainError(ReferralErrorCode.ReferralNotPermitted, message);
}
