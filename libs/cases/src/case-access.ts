import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock, DomainError } from '@app/core';
import type { CaseEntity } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { CaseFacts, FormFieldSource, Permissions } from '@app/permissions';
import { CompiledSop, SopRegistry } from '@app/sop-registry';
import { CaseErrorCode } from './cases.errors';
import { ActiveGrants, CaseGrantsRepository, NO_GRANTS } from './repositories/case-grants.repository';
import { CaseRecordsRepository, type CaseViewParts } from './repositories/case-records.repository';
import { CasesRepository } from './repositories/cases.repository';

export interface CaseAccess {
  row: CaseEntity;
  sop: CompiledSop;
  perms: Permissions;
  facts: CaseFacts;
}

// Compiled versions are immutable, so their field lists are computed once per version.
const fieldSources = new WeakMap<CompiledSop, FormFieldSource>();

/** Top-level fields of each form, and the sensitive ones, of one SOP version. */
export function formFieldSource(sop: CompiledSop): FormFieldSource {
  let source = fieldSources.get(sop);
  if (!source) {
    const fields = new Map<string, string[]>();
    const sensitive = new Map<string, Set<string>>();
    for (const id of sop.forms.ids()) {
      const list = Object.keys(sop.forms.jsonSchema(id)?.properties ?? {});
      fields.set(id, list);
      sensitive.set(id, new Set(list.filter((f) => sop.forms.isSensitiveField(id, f))));
    }
    source = { formIds: () => [...fields.keys()], fields: (id) => fields.get(id) ?? [], sensitive: (id) => sensitive.get(id) ?? new Set() };
    fieldSources.set(sop, source);
  }
  return source;
}

// Compiled permissions per SOP version and user attributes: rebuilding CASL rules on every request
// is measurable CPU. The key holds everything the rules read, so a changed role or team is a new entry.
const permissionCache = new WeakMap<CompiledSop, Map<string, Permissions>>();
const PERMISSION_CACHE_SIZE = 2000;

export function permissionsFor(sop: CompiledSop, user: CurrentUser): Permissions {
  let byUser = permissionCache.get(sop);
  if (!byUser) permissionCache.set(sop, (byUser = new Map()));
  const key = JSON.stringify([user.id, [...user.roles].sort(), user.teamId, user.agencyId, user.locationPath]);
  let perms = byUser.get(key);
  if (!perms) {
    if (byUser.size >= PERMISSION_CACHE_SIZE) byUser.clear();
    perms = new Permissions(sop.pack, user, formFieldSource(sop));
    byUser.set(key, perms);
  }
  return perms;
}

export function topLevelFields(sop: CompiledSop, formId: string): string[] {
  return formFieldSource(sop).fields(formId);
}

export function factsOf(row: CaseEntity, grants: ActiveGrants): CaseFacts {
  return {
    caseType: row.caseType,
    step: row.step,
    status: row.status,
    createdBy: row.createdBy,
    assignedTo: row.assignedTo,
    teamId: row.teamId,
    agencyId: row.agencyId,
    locationPath: row.locationPath,
    ...grants,
  };
}

/**
 * The user reads the case only through their own break-the-glass grant: emergency access is for
 * reading (the role's `breakGlass` rules), so the case's workflow is not theirs to move.
 */
export function onlyByEmergencyAccess(access: Pick<CaseAccess, 'perms' | 'facts'>, userId: string): boolean {
  if (!access.facts.breakGlass.includes(userId)) return false;
  return !access.perms.canOnCase('read', 'case', { ...access.facts, breakGlass: access.facts.breakGlass.filter((u) => u !== userId) });
}

export function readableFields(access: Pick<CaseAccess, 'perms' | 'facts'>, formId: string): string[] {
  return access.perms.formFields('read', formId, access.facts);
}

/**
 * Loads a case with the SOP version it runs on, the user's permissions under that version and the
 * facts rules are evaluated on (including active shares and break-the-glass grants). Unknown and
 * unreadable cases get the same answer so case ids cannot be probed.
 */
@Injectable()
export class CaseAccessService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly grants: CaseGrantsRepository,
    private readonly records: CaseRecordsRepository,
    private readonly registry: SopRegistry,
    private readonly clock: Clock,
  ) {}

  /** The case whatever the user's rights (for break-the-glass checks); 404 only if it does not exist. */
  async load(user: CurrentUser, caseId: string, em?: EntityManager): Promise<CaseAccess> {
    const found = await this.cases.findWithGrants(caseId, this.clock.now(), em);
    if (!found) throw notFound(caseId);
    return this.withGrants(user, found.row, found.grants);
  }

  async accessTo(user: CurrentUser, row: CaseEntity, em?: EntityManager): Promise<CaseAccess> {
    return this.withGrants(user, row, await this.grants.activeFor(row.id, this.clock.now(), em));
  }

  private async withGrants(user: CurrentUser, row: CaseEntity, grants: ActiveGrants): Promise<CaseAccess> {
    const sop = await this.registry.get(row.sopVersionId);
    return { row, sop, perms: permissionsFor(sop, user), facts: factsOf(row, grants) };
  }

  /** In a transaction: locks the case row (one writer per case) and checks the user may read it. */
  async lockReadable(em: EntityManager, user: CurrentUser, caseId: string): Promise<CaseAccess> {
    const row = await this.cases.lock(em, caseId);
    if (!row) throw notFound(caseId);
    // Checked on the locked row, grants read by a statement after the lock: a concurrent revoked share or transfer counts.
    const access = await this.accessTo(user, row, em);
    if (!access.perms.canOnCase('read', 'case', access.facts)) throw notFound(caseId);
    return access;
  }

  /**
   * lockReadable, for a writer that answers with the case: the grants are read after the lock together
   * with what a view shows (its submissions, pending approval, links, owner, intake queue entry).
   */
  async lockReadableWithParts(em: EntityManager, user: CurrentUser, caseId: string): Promise<{ access: CaseAccess; parts: CaseViewParts }> {
    const row = await this.cases.lock(em, caseId);
    if (!row) throw notFound(caseId);
    const parts = await this.records.viewParts(row.id, row.assignedTo, em, this.clock.now());
    const access = await this.withGrants(user, row, parts.grants ?? NO_GRANTS);
    if (!access.perms.canOnCase('read', 'case', access.facts)) throw notFound(caseId);
    return { access, parts };
  }

  /** readable, with what the case's view shows beside the row, read in the same statement (reading a case). */
  async readableForView(user: CurrentUser, caseId: string, em?: EntityManager): Promise<{ access: CaseAccess; parts: CaseViewParts }> {
    const found = await this.cases.findForView(caseId, this.clock.now(), em);
    if (!found) throw notFound(caseId);
    const access = await this.withGrants(user, found.row, found.grants);
    if (!access.perms.canOnCase('read', 'case', access.facts)) throw notFound(caseId);
    return { access, parts: found.parts };
  }

  async readable(user: CurrentUser, caseId: string, em?: EntityManager): Promise<CaseAccess> {
    const access = await this.load(user, caseId, em);
    if (!access.perms.canOnCase('read', 'case', access.facts)) throw notFound(caseId);
    return access;
  }

  /** Of these cases, the ids the user may read (links shown on a case, link targets on registration). */
  async readableIds(user: CurrentUser, rows: CaseEntity[], em?: EntityManager): Promise<Set<string>> {
    const out = new Set<string>();
    for (const row of rows) {
      const a = await this.accessTo(user, row, em);
      if (a.perms.canOnCase('read', 'case', a.facts)) out.add(row.id);
    }
    return out;
  }
}

export function notFound(caseId: string): DomainError {
  return new DomainError(CaseErrorCode.CaseNotFound, `Case ${caseId} does not exist or you may not see it.`);
}

/** `If-Match` carries the version the client last read: `"7"`, `W/"7"` or `7`. */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new DomainError('precondition_required', 'Send the If-Match header with the case version you last read (the ETag of GET /api/cases/{id}).');
  }
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m) throw new DomainError('validation_failed', `If-Match must be a case version such as "3"; got ${header}.`);
  return Number(m[1]);
}

export function staleVersion(row: CaseEntity): DomainError {
  return new DomainError(
    'version_conflict',
    `The case changed since you read it (your version is stale; the current version is ${row.version}). Reload and try again.`,
    { currentVersion: row.version },
  );
}
