import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/core';
import type { CaseEntity } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { AppAbility, buildAbility, canReadCase, permittedFormFields } from '@app/permissions';
import { CompiledSop, SopRegistry } from '@app/sop-registry';
import { CaseErrorCode } from './cases.errors';
import { CasesRepository } from './repositories/cases.repository';

export interface CaseAccess {
  row: CaseEntity;
  sop: CompiledSop;
  ability: AppAbility;
}

export function abilityFor(sop: CompiledSop, user: CurrentUser): AppAbility {
  return buildAbility(sop.pack, user, (formId) => topLevelFields(sop, formId));
}

// Compiled versions are immutable, so their field lists are computed once per version and form.
const fieldCache = new WeakMap<CompiledSop, Map<string, string[]>>();

export function topLevelFields(sop: CompiledSop, formId: string): string[] {
  let byForm = fieldCache.get(sop);
  if (!byForm) fieldCache.set(sop, (byForm = new Map()));
  let fields = byForm.get(formId);
  if (!fields) byForm.set(formId, (fields = Object.keys(sop.forms.jsonSchema(formId)?.properties ?? {})));
  return fields;
}

export function readableFields(access: { sop: CompiledSop; ability: AppAbility }, formId: string): string[] {
  return permittedFormFields(access.ability, 'read', formId, topLevelFields(access.sop, formId));
}

/**
 * Loads a case the user may read, with the SOP version it runs on and the user's ability under that
 * version. Unknown and unreadable cases get the same answer so case ids cannot be probed.
 */
@Injectable()
export class CaseAccessService {
  constructor(private readonly cases: CasesRepository, private readonly registry: SopRegistry) {}

  async readable(user: CurrentUser, caseId: string): Promise<CaseAccess> {
    const row = await this.cases.findById(caseId);
    if (!row) throw notFound(caseId);
    const sop = await this.registry.get(row.sopVersionId);
    const ability = abilityFor(sop, user);
    if (!canReadCase(ability, row)) throw notFound(caseId);
    return { row, sop, ability };
  }
}

export function notFound(caseId: string): DomainError {
  return new DomainError(CaseErrorCode.CaseNotFound, `Case ${caseId} does not exist or you may not see it.`);
}

/** `If-Match` carries the version the client last read: `"7"`, `W/"7"` or `7`. */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new DomainError('precondition_required',
      'Send the If-Match header with the case version you last read (the ETag of GET /api/cases/{id}).');
  }
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m) throw new DomainError('validation_failed', `If-Match must be a case version such as "3"; got ${header}.`);
  return Number(m[1]);
}

export function staleVersion(row: CaseEntity): DomainError {
  return new DomainError('version_conflict',
    `The case changed since you read it (your version is stale; the current version is ${row.version}). Reload and try again.`,
    { currentVersion: row.version });
}
