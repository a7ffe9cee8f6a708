import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, DomainError, pickLabel, validateCommand } from '@app/core';
import { inTransaction } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { locationPaths } from '@app/sop';
import type { ServiceProviderDef, SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import type { ReferralSummary, ReferralView } from './referral-views';
import { addDuration, workCalendar } from '@app/workflow';
import {
  CaseAccess,
  CaseAccessService,
  readableFields,
  CaseAudit,
  blankFreeText,
  mayReadIdentity,
  sharesIdentity,
  CaseConsentService,
  CaseWriter,
  REASON_SCHEMA,
  CaseRecordsRepository,
  casePredicate,
  OPEN_REFERRAL,
  Referral,
  ReferralsRepository,
  ReferralStatus,
} from '@app/cases';
import { ServiceDirectoryService } from '@app/service-directory';
import { packageSections, sharedFieldPaths, sharedFieldsFor } from './referral-package';
import { ReferralNotices } from './referral-notices';
import { followUpAnswersView, followUpQuestionsView } from './follow-up-answers';
import { ReferralAccess, referralInvalid, ReferralSide } from './referral-access';
import { ReferralErrorCode } from '../referrals.errors';

export const MAKE_REFERRAL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['serviceType', 'providerId', 'forms', 'reason'],
  properties: {
    serviceType: { type: 'string', minLength: 1, maxLength: 100 },
    providerId: { type: 'string', minLength: 1, maxLength: 100 },
    forms: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      uniqueItems: true,
      items: { type: 'string', minLength: 1, maxLength: 100 },
      description: 'the form sections to share',
    },
    reason: { ...REASON_SCHEMA, maxLength: 4000 },
    urgency: { type: 'string', minLength: 1, maxLength: 50, description: "a value of the pack's urgency_levels list, when it has one" },
    consentOverrideReason: { type: 'string', maxLength: 2000 },
  },
};

interface MakeReferral {
  serviceType: string;
  providerId: string;
  forms: string[];
  reason: string;
  urgency?: string;
  consentOverrideReason?: string;
}

const INCOMING_STATUSES: readonly ReferralStatus[] = ['sent', 'accepted', 'declined', 'done', 'revoked'];
const LIST_LIMIT = 200;

/**
 * Referrals of a case to a service provider: made by the case's workers with the consent the pack
 * requires, sharing only the chosen forms within the service type's limits; read by the provider's
 * users as a package of exactly those sections. Decisions on them are in ReferralDecisionsService.
 */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: CaseAccessService,
    private readonly referralAccess: ReferralAccess,
    private readonly referrals: ReferralsRepository,
    private readonly records: CaseRecordsRepository,
    private readonly directory: ServiceDirectoryService,
    private readonly consent: CaseConsentService,
    private readonly writer: CaseWriter,
    private readonly notices: ReferralNotices,
    private readonly registry: SopRegistry,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
  ) {}

  async make(user: CurrentUser, caseId: string, body: unknown): Promise<{ id: string; status: ReferralStatus; respondBy: string | null }> {
    const cmd = validateCommand<MakeReferral>(MAKE_REFERRAL_SCHEMA, body);
    const now = this.clock.now();
    // The directory is the current pack's (with administrators' edits); read before the case is locked.
    const pack = (await this.registry.current()).pack;
    const providers = await this.directory.providersOf(pack);
    return inTransaction(this.ds, async (em) => {
      const a = await this.access.lockReadable(em, user, caseId);
      if (!a.perms.canOnCase('refer', 'case', a.facts)) throw new DomainError(ReferralErrorCode.ReferralNotPermitted, 'Your role may not refer this case.');
      if (a.row.status === 'closed') throw referralInvalid('/caseId', 'the case is closed; reopen it to make a referral', 'case_closed');
      const serviceType = pack.services.serviceTypes.find((t) => t.id === cmd.serviceType);
      if (!serviceType)
        throw referralInvalid('/serviceType', `unknown service type "${cmd.serviceType}" (known: ${pack.services.serviceTypes.map((t) => t.id).join(', ')})`);
      const provider = this.checkProvider(pack, providers, cmd, a);
      const urgencies = pack.optionLists.urgency_levels;
      if (cmd.urgency !== undefined && urgencies && !urgencies.some((o) => o.value === cmd.urgency)) {
        throw referralInvalid('/urgency', `must be one of: ${urgencies.map((o) => o.value).join(', ')}`);
      }
      const { shared, problems } = sharedFieldsFor(a.sop, serviceType, cmd.forms, (formId) => readableFields(a, formId));
      if (problems.length)
        throw new DomainError(ReferralErrorCode.ReferralInvalid, 'The referral cannot share these sections; nothing was saved.', { errors: problems });
      const consent = await this.consent.require(em, a, 'referral', cmd.consentOverrideReason);
      const awaiting = serviceType.referral?.requiresAuthorisation === true;
      const within = serviceType.referral?.respondWithin;
      const respondBy = !awaiting && within ? addDuration(now, within, workCalendar(a.sop.pack.manifest)) : null;
      const status: ReferralStatus = awaiting ? 'awaiting_authorisation' : 'sent';
      const id = await this.referrals.insert(em, {
        caseId,
        serviceType: serviceType.id,
        providerId: provider.id,
        providerAgencyId: provider.usesPlatform ? (provider.agency ?? null) : null,
        status,
        sharedFields: shared,
        reason: cmd.reason.trim(),
        urgency: cmd.urgency ?? null,
        consentPurpose: consent.purpose,
        consentOverrideReason: consent.overridden ? cmd.consentOverrideReason!.trim() : null,
        createdBy: user.id,
        createdAt: now,
        sentAt: awaiting ? null : now,
        respondBy,
      });
      const referral = (await this.referrals.find(id, em))!;
      const audience = awaiting ? 'authorisers' : provider.usesPlatform ? 'provider' : null;
      const told = audience
        ? await this.notices.tell(em, audience, {
            pack,
            a,
            referral,
            provider,
            actorName: user.displayName,
            event: 'made',
            status,
            reason: null,
            at: now,
          })
        : 0;
      // Rolls everything back: a referral nobody may authorise would wait for ever.
      if (awaiting && told === 0)
        throw referralInvalid('/serviceType', `no active user may authorise a ${serviceType.id} referral for this case`, 'no_authoriser');
      // Last: the event's audit entry appends to the audit log, whose lock is held until commit.
      await this.writer.commit(em, a.sop, {
        caseId,
        expectedVersion: null,
        patch: {},
        now,
        actorId: user.id,
        actor: user,
        events: [
          {
            caseId,
            type: awaiting ? 'referral_awaiting_authorisation' : 'referral_sent',
            actorId: user.id,
            at: now,
            data: {
              referralId: id,
              serviceType: serviceType.id,
              providerId: provider.id,
              forms: Object.keys(shared),
              consentPurpose: consent.purpose,
              consentOverridden: consent.overridden,
              ...(consent.overridden ? { consentOverrideReason: cmd.consentOverrideReason } : {}),
              ...(respondBy ? { respondBy: respondBy.toISOString() } : {}),
              notified: told,
            },
          },
        ],
      });
      return { id, status, respondBy: respondBy?.toISOString() ?? null };
    });
  }

  /** The provider must offer the service, take this type of case, and cover the place the child lives. */
  private checkProvider(pack: SopPack, providers: ServiceProviderDef[], cmd: MakeReferral, a: CaseAccess): ServiceProviderDef {
    const provider = providers.find((p) => p.id === cmd.providerId && p.active !== false);
    if (!provider) throw referralInvalid('/providerId', `no active provider "${cmd.providerId}" in the service directory`);
    if (!provider.serviceTypes.includes(cmd.serviceType)) {
      throw referralInvalid(
        '/providerId',
        `${pickLabel(provider.name, 'en')} does not provide ${cmd.serviceType} (it provides: ${provider.serviceTypes.join(', ')})`,
        'provider_unsuitable',
      );
    }
    if (provider.caseTypes && !provider.caseTypes.includes(a.row.caseType)) {
      throw referralInvalid('/providerId', `${pickLabel(provider.name, 'en')} does not take ${a.row.caseType} cases`, 'provider_unsuitable');
    }
    const paths = locationPaths(pack.locations.root);
    if (!provider.locations.some((l) => a.row.locationPath.startsWith(paths.get(l) ?? '\u0000'))) {
      throw referralInvalid(
        '/providerId',
        `${pickLabel(provider.name, 'en')} covers ${provider.locations.join(', ')}, not ${a.row.locationCode} where the person the case is about lives`,
        'provider_unsuitable',
      );
    }
    if (provider.usesPlatform && !provider.agency)
      throw referralInvalid('/providerId', 'the provider uses the platform but has no agency to receive referrals');
    return provider;
  }

  /**
   * A case's referrals, for those who may read the case; the reasons, answers and follow-up only to
   * those who may refer it (a specialist with a narrow share sees which service, when, and the status).
   */
  async forCase(user: CurrentUser, caseId: string, locale: string) {
    const a = await this.access.readable(user, caseId);
    const list = await this.referrals.forCase(caseId);
    const pack = (await this.registry.currentIfPublished())?.pack ?? a.sop.pack;
    const providers = await this.directory.providersOf(pack);
    const full = a.perms.canOnCase('refer', 'case', a.facts);
    await this.audit.record(user, 'case.referrals_read', caseId);
    return list.map((r) => this.view(r, full ? 'referring' : 'reader', pack, providers, locale, reasonsFor('referring', a, r)));
  }

  /**
   * One referral. The referring side (who may read the case) sees the record; the receiving side (the
   * provider's users whose roles receive referrals) also sees the shared sections while it is open.
   */
  async get(user: CurrentUser, id: string, locale: string) {
    const { r, a, side } = await this.referralAccess.visible(user, id);
    const pack = (await this.registry.currentIfPublished())?.pack ?? a.sop.pack;
    const providers = await this.directory.providersOf(pack);
    const full = side !== 'referring' || a.perms.canOnCase('refer', 'case', a.facts);
    const view = this.view(r, full ? side : 'reader', pack, providers, locale, reasonsFor(side, a, r));
    if (side !== 'receiving' || !OPEN_REFERRAL.includes(r.status)) {
      await this.audit.record(user, 'referral.read', r.caseId, [], { referralId: id, side });
      return view;
    }
    const sections = packageSections(a.sop, r.sharedFields, await this.records.submissions(r.caseId), locale);
    await this.audit.record(user, 'referral.package_read', r.caseId, sharedFieldPaths(r.sharedFields), { referralId: id });
    return { ...view, shared: sections };
  }

  /** Referrals sent to the user's agency that the user's roles receive (no child's name: only what is shared). */
  async incoming(user: CurrentUser, status: string | undefined, locale: string) {
    if (status !== undefined && !(INCOMING_STATUSES as string[]).includes(status)) {
      throw new DomainError('validation_failed', `status must be one of: ${INCOMING_STATUSES.join(', ')}`, {
        errors: [{ path: '/status', message: 'unknown status' }],
      });
    }
    if (!user.agencyId) return { items: [] };
    const rows = await this.referrals.toAgency(user.agencyId, status ? [status as ReferralStatus] : [...INCOMING_STATUSES], LIST_LIMIT);
    return this.listOf(user, rows, 'receiving', locale);
  }

  /** Referrals waiting for an authorisation the user may give (selected by the user's rules in SQL, checked again per case). */
  async toAuthorise(user: CurrentUser, locale: string) {
    const where = await casePredicate(this.registry, user, this.clock.now(), 'authorise', 'referral', { prefix: 'auth' });
    return this.listOf(user, await this.referrals.withStatusOn('awaiting_authorisation', where, LIST_LIMIT), 'authorising', locale);
  }

  /** The rows the user reaches from this side: as the provider (receiving), or as one who may authorise. */
  private async listOf(user: CurrentUser, rows: Referral[], side: 'receiving' | 'authorising', locale: string) {
    const pack = (await this.registry.current()).pack;
    const providers = await this.directory.providersOf(pack);
    const items = [];
    for (const r of rows) {
      const a = await this.access.load(user, r.caseId);
      const reached = side === 'receiving' ? this.referralAccess.receives(a, r, 'read') : a.perms.canOnCase('authorise', 'referral', a.facts);
      if (reached) items.push({ ...this.view(r, side, pack, providers, locale, reasonsFor(side, a, r)), caseId: r.caseId });
    }
    await this.audit.recordList(
      user,
      side === 'receiving' ? 'referral.incoming_listed' : 'referral.to_authorise_listed',
      [...new Set(items.map((i) => i.caseId))],
      { referrals: items.map((i) => i.id) },
    );
    return { items: items.map(({ caseId: _caseId, ...item }) => (side === 'receiving' ? item : { ...item, caseId: _caseId })) };
  }

  /** `reader`: may read the case but not refer it: which service, when, the status; no reasons or follow-up. */
  view(r: Referral, side: ReferralSide | 'reader', pack: SopPack, providers: ServiceProviderDef[], locale: string, reasons = true): ReferralView {
    const full = this.fullView(r, side, pack, providers, locale);
    if (reasons || side === 'reader') return full;
    const followUp = 'followUp' in full && full.followUp ? { followUp: blankFreeText(full.followUp) } : {};
    return { ...blankFreeText(full), ...followUp };
  }

  private fullView(r: Referral, side: ReferralSide | 'reader', pack: SopPack, providers: ServiceProviderDef[], locale: string): ReferralView {
    const type = pack.services.serviceTypes.find((t) => t.id === r.serviceType);
    const provider = providers.find((p) => p.id === r.providerId);
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    const now = this.clock.now();
    const summary: ReferralSummary = {
      id: r.id,
      caseNumber: r.caseNumber,
      status: r.status,
      serviceType: { id: r.serviceType, label: type ? pickLabel(type.label, locale) : r.serviceType },
      provider: {
        id: r.providerId,
        name: provider ? pickLabel(provider.name, locale) : r.providerId,
        usesPlatform: r.providerAgencyId !== null,
        contact: provider?.contact ?? null,
      },
      createdAt: iso(r.createdAt),
      sentAt: iso(r.sentAt),
      respondBy: iso(r.respondBy),
      overdue: r.status === 'sent' && r.respondBy !== null && new Date(r.respondBy) < now,
      respondedAt: iso(r.respondedAt),
      revokedAt: iso(r.revokedAt),
    };
    if (side === 'reader') return summary;
    const base = {
      ...summary,
      reason: r.reason,
      urgency: r.urgency,
      sharedForms: Object.keys(r.sharedFields),
      createdBy: r.createdBy,
      respondedBy: r.respondedBy,
      responseReason: r.responseReason,
      revokeReason: r.revokeReason,
    };
    if (side === 'receiving') return base;
    return {
      ...base,
      caseId: r.caseId,
      consent: { purpose: r.consentPurpose, overridden: r.consentOverridden },
      authorisedBy: r.authorisedBy,
      authorisedAt: iso(r.authorisedAt),
      authorisationNote: r.authorisationNote,
      responseRecordedForProvider: r.responseRecordedForProvider,
      followUp: r.followedUpAt
        ? {
            at: iso(r.followedUpAt),
            serviceReceived: r.serviceReceived,
            answers: r.followUpAnswers ?? {},
            answered: followUpAnswersView(pack, r.followUpAnswers, locale),
            notes: r.followUpNotes,
          }
        : null,
      // What the follow-up asks, for the worker who records it.
      followUpQuestions: r.status === 'accepted' ? followUpQuestionsView(pack, locale) : undefined,
    };
  }
}

/**
 * Whether this reader of a referral may read its free text (reasons, notes; case-disclosure.ts):
 * the provider's users when what the referral shares shows who the child is, others when they may
 * read the child's identity on the case.
 */
function reasonsFor(side: ReferralSide, a: CaseAccess, r: Referral): boolean {
  return side === 'receiving' ? sharesIdentity(a.sop, a.row.caseType, r.sharedFields) : mayReadIdentity(a);
}
