import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, DomainError, validateCommand } from '@app/core';
import { inTransaction } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { CaseAccess, CaseAccessService } from './case-access';
import { CaseAudit } from './case-audit';
import { blankFreeText, mayReadIdentity } from './case-disclosure';
import { REASON_SCHEMA } from './command-parts';
import { CaseErrorCode } from './cases.errors';
import { CaseWriter } from './case-writer';
import { CaseAnnotationsRepository, CaseFlag, CaseNote } from './repositories/case-annotations.repository';

export const ADD_FLAG_SCHEMA = { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: REASON_SCHEMA } };
export const REMOVE_FLAG_SCHEMA = ADD_FLAG_SCHEMA;
export const ADD_NOTE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['text', 'visibility'],
  properties: {
    text: { type: 'string', minLength: 1, maxLength: 10000, pattern: '\\S' },
    visibility: { type: 'string', enum: ['team', 'case'], description: "team: the author's team only; case: everyone who may read the case" },
  },
};

/**
 * Flags (a warning on a case, removed with a reason) and notes (team-only or for all who may read
 * the case). Each change is a timeline event (hooks and plugins see it) and audited. A note's text
 * never goes on the timeline, which every reader of the case sees, whatever the note's visibility.
 */
@Injectable()
export class CaseAnnotationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: CaseAccessService,
    private readonly annotations: CaseAnnotationsRepository,
    private readonly writer: CaseWriter,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
  ) {}

  /** Flags with who and when; why (free text) only to readers of the child's identity (case-disclosure.ts). */
  async flags(user: CurrentUser, caseId: string, includeRemoved: boolean): Promise<CaseFlag[]> {
    const a = await this.access.readable(user, caseId);
    const flags = await this.annotations.flags(caseId, includeRemoved);
    await this.audit.record(user, 'case.flags_read', caseId);
    return mayReadIdentity(a) ? flags : flags.map((f) => blankFreeText(f, ['reason', 'removalReason']));
  }

  async addFlag(user: CurrentUser, caseId: string, body: unknown): Promise<{ id: string }> {
    const cmd = validateCommand<{ reason: string }>(ADD_FLAG_SCHEMA, body);
    const now = this.clock.now();
    return inTransaction(this.ds, async (em) => {
      const a = await this.access.lockReadable(em, user, caseId);
      this.require(a, 'flag', CaseErrorCode.FlagNotPermitted, 'Your role may not flag this case.');
      const id = await this.annotations.addFlag(em, { caseId, reason: cmd.reason.trim(), by: user.id, at: now });
      await this.event(em, a, user, now, 'flag_added', { flagId: id, reason: cmd.reason.trim() });
      return { id };
    });
  }

  async removeFlag(user: CurrentUser, caseId: string, flagId: string, body: unknown): Promise<void> {
    const cmd = validateCommand<{ reason: string }>(REMOVE_FLAG_SCHEMA, body);
    const now = this.clock.now();
    await inTransaction(this.ds, async (em) => {
      const a = await this.access.lockReadable(em, user, caseId);
      this.require(a, 'flag', CaseErrorCode.FlagNotPermitted, 'Your role may not remove flags of this case.');
      const flag = await this.annotations.findFlag(em, caseId, flagId);
      if (!flag) throw new DomainError(CaseErrorCode.FlagNotFound, `Flag ${flagId} does not exist on this case.`);
      if (flag.removedAt || !(await this.annotations.removeFlag(em, flag.id, { by: user.id, at: now, reason: cmd.reason.trim() }))) {
        throw new DomainError(CaseErrorCode.FlagAlreadyRemoved, 'This flag was already removed.');
      }
      await this.event(em, a, user, now, 'flag_removed', { flagId: flag.id, reason: cmd.reason.trim() });
    });
  }

  /** Notes the reader may see; their text only to readers of the child's identity (else `textHidden: true`). */
  async notes(user: CurrentUser, caseId: string): Promise<Array<CaseNote | (Omit<CaseNote, 'text'> & { text: null; textHidden: true })>> {
    const a = await this.access.readable(user, caseId);
    const notes = await this.annotations.notes(caseId, user.teamId);
    await this.audit.record(user, 'case.notes_read', caseId, [], { notes: notes.length });
    return mayReadIdentity(a) ? notes : notes.map((n) => ({ ...n, text: null, textHidden: true as const }));
  }

  async addNote(user: CurrentUser, caseId: string, body: unknown): Promise<{ id: string }> {
    const cmd = validateCommand<{ text: string; visibility: 'team' | 'case' }>(ADD_NOTE_SCHEMA, body);
    if (cmd.visibility === 'team' && !user.teamId) {
      throw new DomainError('validation_failed', 'You are in no team: a team-only note would be visible to nobody. Use visibility "case".', {
        errors: [{ path: '/visibility', message: 'you are in no team', messageKey: 'no_team' }],
      });
    }
    const now = this.clock.now();
    return inTransaction(this.ds, async (em) => {
      const a = await this.access.lockReadable(em, user, caseId);
      this.require(a, 'note', CaseErrorCode.NoteNotPermitted, 'Your role may not write notes on this case.');
      const teamId = cmd.visibility === 'team' ? user.teamId : null;
      const id = await this.annotations.addNote(em, { caseId, text: cmd.text, visibility: cmd.visibility, teamId, by: user.id, at: now });
      await this.event(em, a, user, now, 'note_added', { noteId: id, visibility: cmd.visibility, ...(teamId ? { teamId } : {}) });
      return { id };
    });
  }

  private require(a: CaseAccess, action: 'flag' | 'note', code: CaseErrorCode, message: string): void {
    if (!a.perms.canOnCase(action, 'case', a.facts)) throw new DomainError(code, message);
  }

  private async event(em: Parameters<CaseWriter['commit']>[0], a: CaseAccess, user: CurrentUser, now: Date, type: string, data: Record<string, unknown>) {
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
