import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, DomainError, validateCommand } from '@app/core';
import { inTransaction } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { CaseAccess, CaseAccessService, notFound } from './case-access';
import type { AuditEntry } from '@app/audit';
import { CaseAudit } from './case-audit';
import { CaseEventHooks } from './case-hooks';
import { REASON_SCHEMA } from './command-parts';
import { CaseErrorCode } from './cases.errors';
import { CaseWriter } from './case-writer';
import { CaseRecordsRepository } from './repositories/case-records.repository';
import { CasesRepository } from './repositories/cases.repository';

/** What links say: the notification a case follows, siblings, the same household or family, or simply related. */
export const CASE_LINK_KINDS = ['notification', 'sibling', 'household', 'same_family', 'related'] as const;

export const LINK_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'kind'],
  properties: {
    caseId: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: [...CASE_LINK_KINDS] },
    reason: { type: 'string', maxLength: 1000 },
  },
};
export const UNLINK_SCHEMA = { ...LINK_SCHEMA, required: ['caseId', 'kind', 'reason'], properties: { ...LINK_SCHEMA.properties, reason: REASON_SCHEMA } };

interface LinkCommand {
  caseId: string;
  kind: (typeof CASE_LINK_KINDS)[number];
  reason?: string;
}

/**
 * Links between cases (siblings, household, family), added or removed after registration. The
 * user must be able to read both cases and hold `link` on both; each case's readers see a link only
 * if they may read the other case too (CaseQueriesService). Both timelines record it; the audit
 * entry of the case acted on names the other.
 */
@Injectable()
export class CaseLinksService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: CaseAccessService,
    private readonly cases: CasesRepository,
    private readonly records: CaseRecordsRepository,
    private readonly writer: CaseWriter,
    private readonly hooks: CaseEventHooks,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
  ) {}

  async link(user: CurrentUser, caseId: string, body: unknown): Promise<void> {
    const cmd = validateCommand<LinkCommand>(LINK_SCHEMA, body);
    await this.change(user, caseId, cmd, async (em, a, b, now) => {
      if (await this.cases.linkExists(em, a.row.id, b.row.id, cmd.kind)) {
        throw new DomainError(CaseErrorCode.AlreadyLinked, `The cases are already linked as ${cmd.kind}.`);
      }
      for (const [from, to] of [
        [a.row.id, b.row.id],
        [b.row.id, a.row.id],
      ]) {
        await this.cases.insertLink(em, { caseId: from, linkedCaseId: to, kind: cmd.kind, createdBy: user.id, createdAt: now });
      }
      return 'case_linked';
    });
  }

  async unlink(user: CurrentUser, caseId: string, body: unknown): Promise<void> {
    const cmd = validateCommand<LinkCommand>(UNLINK_SCHEMA, body);
    await this.change(user, caseId, cmd, async (em, a, b) => {
      if (!(await this.cases.deleteLink(em, a.row.id, b.row.id, cmd.kind))) {
        throw new DomainError(CaseErrorCode.LinkNotFound, `The cases are not linked as ${cmd.kind}.`);
      }
      return 'case_unlinked';
    });
  }

  private async change(
    user: CurrentUser,
    caseId: string,
    cmd: LinkCommand,
    apply: (em: Parameters<CaseWriter['commit']>[0], a: CaseAccess, b: CaseAccess, now: Date) => Promise<string>,
  ): Promise<void> {
    if (cmd.caseId === caseId) {
      throw new DomainError('validation_failed', 'A case cannot be linked to itself.', { errors: [{ path: '/caseId', message: 'the same case' }] });
    }
    const now = this.clock.now();
    await inTransaction(this.ds, async (em) => {
      // Both rows locked, in id order, so two users linking the same pair the other way round never deadlock.
      const rows = new Map((await this.cases.lockMany(em, [caseId, cmd.caseId])).map((r) => [r.id, r]));
      const main = rows.get(caseId),
        other = rows.get(cmd.caseId);
      const a = main ? await this.access.accessTo(user, main, em) : null;
      if (!a || !a.perms.canOnCase('read', 'case', a.facts)) throw notFound(caseId);
      const b = other ? await this.access.accessTo(user, other, em) : null;
      if (!b || !b.perms.canOnCase('read', 'case', b.facts)) {
        throw new DomainError(CaseErrorCode.LinkTargetNotFound, `Case ${cmd.caseId} does not exist or you may not see it.`, {
          errors: [{ path: '/caseId', message: 'unknown case' }],
        });
      }
      if (!a.perms.canOnCase('link', 'case', a.facts) || !b.perms.canOnCase('link', 'case', b.facts)) {
        throw new DomainError(CaseErrorCode.LinkNotPermitted, 'Your role may not link these cases.');
      }
      const type = await apply(em, a, b, now);
      const reason = cmd.reason?.trim() || undefined;
      // Both cases get the event (timeline, hooks); their audit entries are written together, last.
      const audit: AuditEntry[] = [];
      const toOther = {
        caseId: b.row.id,
        type,
        actorId: user.id,
        at: now,
        data: { caseId: a.row.id, caseNumber: a.row.caseNumber, kind: cmd.kind, ...(reason ? { reason } : {}) },
      };
      await this.records.appendEvents(em, [toOther]);
      await this.hooks.dispatch({ ...toOther, sop: b.sop, em });
      audit.push(this.audit.entry(user, `case.${type}`, b.row.id, [], toOther.data));
      await this.writer.commit(em, a.sop, {
        caseId: a.row.id,
        expectedVersion: null,
        patch: {},
        now,
        actorId: user.id,
        actor: user,
        auditInto: audit,
        events: [
          {
            caseId: a.row.id,
            type,
            actorId: user.id,
            at: now,
            data: { caseId: b.row.id, caseNumber: b.row.caseNumber, kind: cmd.kind, ...(reason ? { reason } : {}) },
          },
        ],
      });
      await this.audit.recordMany(audit, em);
    });
  }
}
