import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, HOUR_MS, validateCommand } from '@app/core';
import { inTransaction } from '@app/database';
import { CurrentUser, toCurrentUser, UsersRepository } from '@app/identity';
import { InboxService, Messenger } from '@app/notifications';
import { CaseRecipients } from './case-recipients';
import { CaseAccess, CaseAccessService, notFound, permissionsFor } from './case-access';
import { CaseAudit } from './case-audit';
import { mayReadIdentity, readsIdentity, sendWithReason } from './case-disclosure';
import { CaseConsentService } from './case-consent.service';
import { CaseErrorCode } from './cases.errors';
import { CaseWriter } from './case-writer';
import { CaseGrantsRepository } from './repositories/case-grants.repository';
import { CasesRepository } from './repositories/cases.repository';
import { caseMessage } from './case-messages';

export const SHARE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['userId', 'reason'],
  properties: {
    userId: { type: 'string', format: 'uuid' },
    reason: { type: 'string', minLength: 3, maxLength: 1000 },
    expiresAt: { type: 'string', format: 'date-time' },
    consentOverrideReason: { type: 'string', maxLength: 2000 },
  },
};

export const BREAK_GLASS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } },
};

/**
 * Who else may reach a case: shares with specialists (doctor, teacher...) that need consent, and
 * time-limited break-the-glass access. Every grant is on the timeline and in the audit log.
 */
@Injectable()
export class CaseGrantsService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: CaseAccessService,
    private readonly cases: CasesRepository,
    private readonly grants: CaseGrantsRepository,
    private readonly users: UsersRepository,
    private readonly consent: CaseConsentService,
    private readonly writer: CaseWriter,
    private readonly messenger: Messenger,
    private readonly inbox: InboxService,
    private readonly recipients: CaseRecipients,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
  ) {}

  async list(user: CurrentUser, caseId: string) {
    const a = await this.access.readable(user, caseId);
    const now = this.clock.now();
    const rows = await this.grants.list(caseId);
    // Why a case was shared or opened is free text about the child: for readers of the child's identity.
    const reasons = mayReadIdentity(a);
    return rows.map((g) => ({
      id: g.id,
      kind: g.kind,
      user: { id: g.userId, name: g.userName },
      reason: reasons ? g.reason : null,
      ...(reasons ? {} : { reasonHidden: true }),
      grantedBy: g.grantedBy,
      grantedAt: new Date(g.grantedAt).toISOString(),
      expiresAt: g.expiresAt ? new Date(g.expiresAt).toISOString() : null,
      consentOverridden: g.consentOverrideReason !== null,
      active: !g.revokedAt && (!g.expiresAt || new Date(g.expiresAt) > now),
      revokedAt: g.revokedAt ? new Date(g.revokedAt).toISOString() : null,
    }));
  }

  async share(user: CurrentUser, caseId: string, body: unknown) {
    const cmd = validateCommand<{ userId: string; reason: string; expiresAt?: string; consentOverrideReason?: string }>(SHARE_SCHEMA, body);
    const now = this.clock.now();
    return inTransaction(this.ds, async (em) => {
      const a = await this.access.lockReadable(em, user, caseId);
      if (!a.perms.canOnCase('share', 'case', a.facts)) throw new DomainError(CaseErrorCode.ShareNotPermitted, 'Your role may not share this case.');
      const target = await this.users.findById(cmd.userId);
      if (!target || !target.active) throw shareTarget('/userId', 'no active user has this id', 'user_inactive');
      if (a.facts.sharedWith.includes(target.id)) throw new DomainError(CaseErrorCode.AlreadyShared, `The case is already shared with ${target.displayName}.`);
      // Sharing is only useful to someone whose rules use it; refusing others keeps grants meaningful.
      const targetPerms = permissionsFor(a.sop, toCurrentUser(target));
      const withShare = { ...a.facts, sharedWith: [...a.facts.sharedWith, target.id] };
      const usesShares = targetPerms.rules.some((g) => g.rule.conditions?.sharedWith);
      if (!usesShares || !targetPerms.canOnCase('read', 'case', withShare)) {
        throw shareTarget(
          '/userId',
          `the roles of ${target.displayName} (${target.roles.join(', ')}) give no access through sharing`,
          'no_access_through_sharing',
        );
      }
      const expiresAt = cmd.expiresAt ? new Date(cmd.expiresAt) : null;
      if (expiresAt && expiresAt <= now) throw shareTarget('/expiresAt', 'must be in the future', 'future');
      const consent = await this.consent.require(em, a, 'share', cmd.consentOverrideReason);
      const id = await this.grants.insert(em, {
        caseId,
        userId: target.id,
        kind: 'share',
        reason: cmd.reason,
        grantedBy: user.id,
        grantedAt: now,
        expiresAt,
        consentOverrideReason: consent.overridden ? cmd.consentOverrideReason! : null,
      });
      // The specialist finds the case among their messages, with its link (not the reason: free text about the child).
      await this.inbox.deliver(em, [target.id], {
        kind: 'case_shared',
        caseId,
        dedupeKey: `shared:${id}`,
        ...caseMessage('case_shared', target.locale, a.sop.pack.manifest.defaultLocale, { case: a.row.caseNumber, actor: user.displayName }),
      });
      await this.commitEvent(em, a, user, now, 'case_shared', {
        grantId: id,
        userId: target.id,
        userName: target.displayName,
        reason: cmd.reason,
        consentPurpose: consent.purpose,
        consentOverridden: consent.overridden,
        ...(consent.overridden ? { consentOverrideReason: cmd.consentOverrideReason } : {}),
      });
      return { id };
    });
  }

  async revoke(user: CurrentUser, caseId: string, grantId: string) {
    const now = this.clock.now();
    return inTransaction(this.ds, async (em) => {
      const a = await this.access.lockReadable(em, user, caseId);
      if (!a.perms.canOnCase('share', 'case', a.facts))
        throw new DomainError(CaseErrorCode.ShareNotPermitted, 'Your role may not change who this case is shared with.');
      const grant = await this.grants.find(caseId, grantId, em);
      if (!grant || grant.kind !== 'share') throw new DomainError(CaseErrorCode.GrantNotFound, `Share ${grantId} does not exist on this case.`);
      if (!(await this.grants.revoke(em, grant.id, user.id, now))) return;
      await this.commitEvent(em, a, user, now, 'case_share_revoked', { grantId, userId: grant.userId, userName: grant.userName });
    });
  }

  /** Opens a case outside the user's scope for the pack's break-the-glass duration; the owner's supervisor is told. */
  async breakGlass(user: CurrentUser, caseId: string, body: unknown) {
    const cmd = validateCommand<{ reason: string }>(BREAK_GLASS_SCHEMA, body);
    const now = this.clock.now();
    // Read before the case is locked: no second pool connection is awaited while holding the lock.
    const currentPack = await this.recipients.currentPack();
    return inTransaction(this.ds, async (em) => {
      const row = await this.cases.lock(em, caseId);
      const a = row ? await this.access.accessTo(user, row, em) : null;
      // Users without any break-the-glass rule learn nothing about which ids exist.
      if (!a || a.perms.rulesFor('break_glass', 'case').length === 0) throw notFound(caseId);
      const setting = a.sop.pack.security.breakGlass;
      if (!setting || !a.perms.canOnCase('break_glass', 'case', a.facts)) {
        await this.audit.record(user, 'case.break_glass_opened', caseId, [], { reason: cmd.reason }, undefined, 'denied');
        throw new DomainError(CaseErrorCode.BreakGlassNotPermitted, 'Your role may not open this case by break-the-glass.');
      }
      if (a.perms.canOnCase('read', 'case', { ...a.facts, breakGlass: a.facts.breakGlass.filter((u) => u !== user.id) })) {
        throw new DomainError(CaseErrorCode.BreakGlassNotNeeded, 'You can already read this case without break-the-glass.');
      }
      if (cmd.reason.trim().length < setting.minReasonLength) {
        throw new DomainError('validation_failed', `Give a reason of at least ${setting.minReasonLength} characters.`, {
          errors: [
            { path: '/reason', message: `at least ${setting.minReasonLength} characters`, messageKey: 'minLength', params: { limit: setting.minReasonLength } },
          ],
        });
      }
      const expiresAt = new Date(now.getTime() + setting.durationHours * HOUR_MS);
      const id = await this.grants.insert(em, {
        caseId,
        userId: user.id,
        kind: 'break_glass',
        reason: cmd.reason,
        grantedBy: user.id,
        grantedAt: now,
        expiresAt,
        consentOverrideReason: null,
      });
      const told = await this.recipients.users(a.row, a.sop, setting.notify, em);
      // The reason only to those told who may read the child's identity on the case.
      await sendWithReason(
        this.messenger,
        em,
        currentPack ?? a.sop.pack,
        told,
        readsIdentity(a.sop, a.facts),
        cmd.reason,
        (reason) => ({
          kind: 'break_glass',
          templateId: 'break_glass',
          templateFallback: a.sop.pack,
          caseId,
          dedupeKey: `break_glass:${id}`,
          context: () => ({
            case: { number: a.row.caseNumber, link: this.messenger.link(`/cases/${caseId}`) },
            actor: { name: user.displayName },
            reason,
            until: expiresAt,
          }),
        }),
        now,
      );
      // Last: it appends to the audit log, whose lock is held until commit.
      await this.commitEvent(em, a, user, now, 'break_glass_opened', {
        grantId: id,
        userId: user.id,
        userName: user.displayName,
        reason: cmd.reason,
        expiresAt: expiresAt.toISOString(),
      });
      return { id, expiresAt: expiresAt.toISOString(), notified: told.length };
    });
  }

  private async commitEvent(em: EntityManager, a: CaseAccess, user: CurrentUser, now: Date, type: string, data: Record<string, unknown>) {
    await this.writer.commit(em, a.sop, {
      caseId: a.row.id,
      expectedVersion: null,
      patch: {},
      now,
      actorId: user.id,
      actor: user,
      events: [{ caseId: a.row.id, type, actorId: user.id, at: now, data }],
    });
  }
}

function shareTarget(path: string, message: string, messageKey: string): DomainError {
  return new DomainError(CaseErrorCode.ShareTargetInvalid, `Cannot share the case: ${message}.`, { errors: [{ path, message, messageKey }] });
}
