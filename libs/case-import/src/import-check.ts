import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/core';
import { CaseEntity } from '@app/database';
import { checkAnswers, factsOf, NO_GRANTS, permissionsFor } from '@app/cases';
import { toCurrentUser, UsersRepository, type CurrentUser } from '@app/identity';
import type { CaseFacts, Permissions } from '@app/permissions';
import { SopRegistry, type CompiledSop } from '@app/sop-registry';
import { CaseImportErrorCode } from './case-import.errors';
import { importRecords, type ImportFileKind } from './import-file';
import { columnOfPath, headerPlan, importFields, mapRow, mappingProblems, type ImportField, type ImportMapping, type MappedRow } from './import-mapping';

/** What checking a file's rows needs once: the pack, the start form's fields, the registrar and what it may fill. */
export interface ImportContext {
  sop: CompiledSop;
  mapping: ImportMapping;
  fields: ImportField[];
  registrar: CurrentUser;
  access: { perms: Permissions; facts: CaseFacts };
  startForm: string;
}

const invalid = (path: string, message: string) => new DomainError(CaseImportErrorCode.MappingInvalid, message, { errors: [{ path, message }] });

/** Checks rows as registration checks a start form, without registering anything. */
@Injectable()
export class ImportChecker {
  constructor(
    private readonly registry: SopRegistry,
    private readonly users: UsersRepository,
  ) {}

  /** The mapping against the current pack, and its registrar: an active account whose role may register the case type. */
  async context(mapping: ImportMapping): Promise<ImportContext> {
    const sop = await this.registry.current();
    const problems = mappingProblems(sop.pack, mapping);
    if (problems.length) throw new DomainError(CaseImportErrorCode.MappingInvalid, 'The mapping does not fit the case type.', { errors: problems });
    const user = await this.users.findByUsername(mapping.registrar);
    if (!user?.active) throw invalid('/registrar', 'no active user has this username');
    const registrar = toCurrentUser(user);
    const perms = permissionsFor(sop, registrar);
    if (!perms.canCreate(mapping.caseType)) throw invalid('/registrar', 'this user may not register cases of this type');
    const caseType = sop.pack.manifest.caseTypes.find((t) => t.id === mapping.caseType)!;
    const start = sop.pack.workflow.steps.find((s) => s.id === caseType.startStep)!;
    const status = start.kind === 'terminal' ? 'closed' : start.kind === 'paused' ? 'paused' : 'open';
    // The start form is checked as registration checks it: against the case as it will be once created.
    const facts = factsOf(
      {
        caseType: caseType.id,
        step: start.id,
        status,
        createdBy: registrar.id,
        assignedTo: caseType.assignTo === 'creator' ? registrar.id : null,
        teamId: registrar.teamId,
        agencyId: registrar.agencyId,
        locationPath: registrar.locationPath,
      } as CaseEntity,
      NO_GRANTS,
    );
    return { sop, mapping, fields: importFields(sop.pack, mapping.caseType), registrar, access: { perms, facts }, startForm: caseType.startForm };
  }

  /** The rows of a file through the mapping, header checked first; each row's cell problems, then the form's JSON Schema on its answers. */
  async *rows(ctx: ImportContext, kind: ImportFileKind, content: Buffer): AsyncGenerator<MappedRow> {
    let plan: ReturnType<typeof headerPlan> | null = null;
    const owners = new Map<string, string | null>();
    for await (const record of importRecords(kind, content)) {
      if (!plan) {
        plan = headerPlan(ctx.mapping, record.cells);
        if (plan.missing.length) {
          throw new DomainError(CaseImportErrorCode.Unreadable, `The file has no column ${plan.missing.join(', ')}.`, {
            errors: plan.missing.map((c) => ({ path: '/file', message: `missing column "${c}"`, keyword: 'missing_column' })),
          });
        }
        continue;
      }
      const row = this.checked(ctx, mapRow(ctx.fields, ctx.mapping, plan.index, record.row, record.cells));
      await this.assign(ctx, row, owners);
      yield row;
    }
    if (!plan) throw new DomainError(CaseImportErrorCode.Unreadable, 'The file is empty.', { errors: [{ path: '/file', message: 'no header row' }] });
  }

  /** The row's owner: nobody, or the active user its assignee cell names (looked up once per username). */
  private async assign(ctx: ImportContext, row: MappedRow, owners: Map<string, string | null>): Promise<void> {
    const { assignee } = ctx.mapping;
    if (assignee === 'nobody') row.assignTo = null;
    if (typeof assignee !== 'object' || row.assigneeName === undefined) return;
    if (row.assigneeName === '') {
      row.assignTo = null;
      return;
    }
    if (!owners.has(row.assigneeName)) {
      const user = await this.users.findByUsername(row.assigneeName);
      owners.set(row.assigneeName, user?.active ? user.id : null);
    }
    const id = owners.get(row.assigneeName) ?? null;
    if (id) row.assignTo = id;
    else row.problems.push({ row: row.row, column: assignee.column, code: 'user_inactive', message: 'no active user has this username' });
  }

  private checked(ctx: ImportContext, row: MappedRow): MappedRow {
    try {
      checkAnswers(ctx.sop, ctx.access, ctx.startForm, row.answers, {}, 'complete');
    } catch (e) {
      if (!(e instanceof DomainError) || !e.extra.errors) throw e;
      // A cell already reported (blank, unknown option, bad date) is not reported again by the schema.
      const reported = new Set(row.problems.map((p) => p.column));
      for (const f of e.extra.errors) {
        const column = columnOfPath(ctx.mapping, f.path);
        if (reported.has(column)) continue;
        reported.add(column);
        row.problems.push({
          row: row.row,
          column,
          code: f.keyword ?? 'invalid',
          message: f.message,
          ...(f.params ? { params: f.params as Record<string, string | number> } : {}),
        });
      }
    }
    return row;
  }
}
