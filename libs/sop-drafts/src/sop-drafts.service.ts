import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { Clock, DomainError } from '@app/core';
import { inTransaction } from '@app/database';
import { canonicalJson, diffPacks, hashPackFiles, type PackFiles } from '@app/sop';
import { SopRegistry } from '@app/sop-registry';
import { findConflicts, pathsOf } from './conflicts';
import { countFindings, toFindings, type DraftFinding } from './draft-findings';
import { applyPatch, PatchRefused, readOperations, type PatchOperation } from './json-patch';
import { toPointer } from './json-pointer';
import { SopDraftErrorCode } from './sop-drafts.errors';
import { SopDraftsRepository, type DraftChangeKind, type DraftRow } from './sop-drafts.repository';
import { versionNote } from './version-note';
import {
  changeView,
  summary,
  type DraftActor,
  type DraftEditCommand,
  type SopDraftChange,
  type SopDraftDiff,
  type SopDraftEditResult,
  type SopDraftExport,
  type SopDraftPublishResult,
  type SopDraftSummary,
  type SopDraftView,
} from './draft-views';

/** Files the installed plugins contribute at publication; never taken from a draft's author. */
const PLUGIN_FILE = /^plugins\//;

function ownFiles(files: PackFiles): PackFiles {
  return Object.fromEntries(Object.entries(files).filter(([name]) => !PLUGIN_FILE.test(name)));
}

/**
 * Drafts of the SOP pack, edited by several administrators at once with JSON Patch: each accepted
 * change gets a revision and is kept with who made it; an edit based on an older revision goes on
 * when nobody changed the same paths since, else it is refused naming the path and who changed it.
 * Every change is validated and linted like a publication; only a draft without errors publishes.
 */
@Injectable()
export class SopDraftsService {
  constructor(
    private readonly ds: DataSource,
    private readonly drafts: SopDraftsRepository,
    private readonly registry: SopRegistry,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<{ drafts: SopDraftSummary[] }> {
    return { drafts: (await this.drafts.list()).map(summary) };
  }

  /** A new draft of the active pack: its current version, or the given files (an upload). One open draft per pack. */
  async create(actor: DraftActor, given?: PackFiles): Promise<SopDraftView> {
    const current = await this.registry.current();
    const files = ownFiles(given ?? (await this.registry.filesOf(current.versionId)));
    const findings = this.findings(files);
    const id = await inTransaction(this.ds, async (em) => {
      await this.refuseSecondOpen(em, current.packId);
      const at = this.clock.now();
      const draftId = await this.drafts.insert(em, {
        packId: current.packId,
        baseVersionId: given ? null : current.versionId,
        files,
        findings,
        by: actor.id,
        byName: actor.username,
        at,
      });
      const note = given ? 'created from uploaded files' : `created from version ${current.version}`;
      await this.drafts.insertChange(em, draftId, {
        revision: 1,
        kind: 'created',
        operations: [],
        touched: [],
        note,
        by: actor.id,
        byName: actor.username,
        at,
      });
      await this.record(em, actor, 'sop_draft.created', { draftId, packId: current.packId, fromVersion: given ? null : current.version });
      return draftId;
    });
    return this.get(id);
  }

  async get(id: number): Promise<SopDraftView> {
    const row = await this.drafts.find(id);
    if (!row) throw notFound(id);
    return { ...summary(row), files: row.files, findings: row.findings };
  }

  /** The open draft of the active pack, if any (the CLI's draft). */
  async openDraft(): Promise<SopDraftView | null> {
    const id = await this.drafts.openDraftId((await this.registry.current()).packId);
    return id === null ? null : this.get(id);
  }

  async changes(id: number): Promise<{ draftId: number; changes: SopDraftChange[] }> {
    if (!(await this.drafts.find(id))) throw notFound(id);
    return { draftId: id, changes: (await this.drafts.changesAfter(id, 0)).map(changeView) };
  }

  /** JSON Patch operations based on `baseRevision`: all applied, or nothing saved. */
  async edit(actor: DraftActor, id: number, cmd: DraftEditCommand): Promise<SopDraftEditResult> {
    const operations = refusedAsDomain(() => readOperations(cmd.operations));
    return inTransaction(this.ds, async (em) => {
      const draft = await this.openLocked(em, id);
      const rebased = await this.refuseConflicts(em, draft, cmd.baseRevision, pathsOf(operations));
      const { files, touched } = refusedAsDomain(() => applyPatch(draft.files, operations));
      return this.save(em, actor, draft, files, { kind: 'edited', operations, touched, note: cmd.note ?? null }, rebased);
    });
  }

  /** Replaces the draft's files by `given` (a pack directory read, or uploaded): recorded as a change of each file that differs. */
  async import(actor: DraftActor, id: number, baseRevision: number, given: PackFiles): Promise<SopDraftEditResult> {
    const files = ownFiles(given);
    return inTransaction(this.ds, async (em) => {
      const draft = await this.openLocked(em, id);
      const operations: PatchOperation[] = [];
      for (const [name, content] of Object.entries(files)) {
        if (!(name in draft.files)) operations.push({ op: 'add', path: toPointer([name]), value: content });
        else if (canonicalJson(draft.files[name]) !== canonicalJson(content)) operations.push({ op: 'replace', path: toPointer([name]), value: content });
      }
      for (const name of Object.keys(draft.files)) if (!(name in files)) operations.push({ op: 'remove', path: toPointer([name]) });
      const rebased = await this.refuseConflicts(em, draft, baseRevision, pathsOf(operations));
      if (operations.length === 0) {
        return { draftId: id, revision: draft.revision, rebased, ...countFindings(draft.findings), findings: draft.findings, change: null };
      }
      const applied = refusedAsDomain(() => applyPatch(draft.files, operations));
      return this.save(em, actor, draft, applied.files, { kind: 'imported', operations, touched: applied.touched, note: 'imported pack files' }, rebased);
    });
  }

  /** The files publishing would store (the plugins' contribution included) and their content hash. */
  async export(id: number): Promise<SopDraftExport> {
    const draft = await this.drafts.find(id);
    if (!draft) throw notFound(id);
    const { files } = this.checked(draft.files);
    return { draftId: id, revision: draft.revision, contentHash: hashPackFiles(files), files };
  }

  /** The draft against the current published version, as the versions page compares two versions. */
  async diff(id: number): Promise<SopDraftDiff> {
    const draft = await this.drafts.find(id);
    if (!draft) throw notFound(id);
    const published = await this.registry.current();
    const { pack } = this.registry.check(draft.files);
    const against = { versionId: published.versionId, version: published.version };
    if (!pack) return { draftId: id, revision: draft.revision, against, comparable: false, changes: [], labels: {} };
    return { draftId: id, revision: draft.revision, against, comparable: true, ...diffPacks(published.pack, pack) };
  }

  /**
   * Publishes the draft through the registry (content hash, idempotence, form immutability), with
   * the change log's summary as the version's note, and closes it. Refused while it has errors, or
   * when `revision` is given and the draft has moved on since.
   */
  async publish(actor: DraftActor, id: number, cmd: { revision?: number; note?: string }): Promise<SopDraftPublishResult> {
    return inTransaction(this.ds, async (em) => {
      const draft = await this.openLocked(em, id);
      if (cmd.revision !== undefined && cmd.revision !== draft.revision) {
        throw new DomainError(
          SopDraftErrorCode.DraftChanged,
          `Draft ${id} is at revision ${draft.revision}, not ${cmd.revision}: read it again before publishing.`,
          {
            revision: draft.revision,
          },
        );
      }
      const { files, findings } = this.checked(draft.files);
      const errors = findings.filter((f) => f.severity === 'error');
      if (errors.length) {
        throw new DomainError(SopDraftErrorCode.DraftHasErrors, `Draft ${id} has ${errors.length} error(s); correct them before publishing.`, {
          findings: errors,
          errors: errors.map((f) => ({ path: `${f.file} ${f.path}`, message: f.message, keyword: f.code })),
        });
      }
      const note = versionNote(draft, await this.drafts.changesAfter(id, 0, em), cmd.note);
      // The registry publishes in a transaction of its own; this one keeps the draft locked meanwhile.
      const { sop, created } = await this.registry.publish(draft.files, actor.username, note);
      await this.drafts.close(em, id, { status: 'published', byName: actor.username, at: this.clock.now(), publishedVersionId: sop.versionId });
      const contentHash = hashPackFiles(files);
      await this.record(em, actor, 'sop_draft.published', {
        draftId: id,
        packId: sop.packId,
        version: sop.version,
        versionId: sop.versionId,
        created,
        contentHash,
      });
      return { draftId: id, packId: sop.packId, version: sop.version, versionId: sop.versionId, created, contentHash, note };
    });
  }

  /** Closes the draft without publishing; it stays readable with its change log. */
  async discard(actor: DraftActor, id: number): Promise<SopDraftSummary> {
    await inTransaction(this.ds, async (em) => {
      const draft = await this.openLocked(em, id);
      await this.drafts.close(em, id, { status: 'discarded', byName: actor.username, at: this.clock.now(), publishedVersionId: null });
      await this.record(em, actor, 'sop_draft.discarded', { draftId: id, packId: draft.packId, revision: draft.revision });
    });
    return summary((await this.drafts.find(id))!);
  }

  private findings(files: PackFiles): DraftFinding[] {
    return this.checked(files).findings;
  }

  /** The files publishing would store and the findings of the checks it runs. */
  private checked(files: PackFiles): { files: PackFiles; findings: DraftFinding[] } {
    try {
      const checked = this.registry.check(files);
      return { files: checked.files, findings: toFindings(checked.issues) };
    } catch (e) {
      // A draft may be any JSON; a check that cannot even read it is one finding, not a failed save.
      const message = `the draft cannot be checked: ${e?.message ?? e}`;
      return { files, findings: [{ file: 'pack.json', path: '$', pointer: '/pack.json', code: 'check_failed', severity: 'error', message }] };
    }
  }

  private async refuseSecondOpen(em: EntityManager, packId: string): Promise<void> {
    await this.drafts.lockPack(em, packId);
    const open = await this.drafts.openDraftId(packId, em);
    if (open !== null) {
      throw new DomainError(SopDraftErrorCode.DraftExists, `Pack ${packId} already has an open draft (${open}); edit it, publish it or discard it.`, {
        draftId: open,
      });
    }
  }

  private async openLocked(em: EntityManager, id: number): Promise<DraftRow> {
    const draft = await this.drafts.lock(em, id);
    if (!draft) throw notFound(id);
    if (draft.status !== 'open')
      throw new DomainError(SopDraftErrorCode.DraftClosed, `Draft ${id} is ${draft.status}; it can no longer change.`, { status: draft.status });
    return draft;
  }

  /** Whether the edit goes on a newer revision than its base (true) or on its base (false); throws 409 on an overlapping change. */
  private async refuseConflicts(em: EntityManager, draft: DraftRow, base: number, paths: string[]): Promise<boolean> {
    if (!Number.isInteger(base) || base < 1 || base > draft.revision) {
      throw new DomainError(SopDraftErrorCode.DraftRevisionUnknown, `Draft ${draft.id} has revisions 1 to ${draft.revision}, not ${base}.`, {
        revision: draft.revision,
      });
    }
    if (base === draft.revision) return false;
    const later = await this.drafts.changesAfter(draft.id, base, em);
    const conflicts = findConflicts(
      paths,
      later.map((c) => ({
        revision: c.revision,
        touched: c.touched,
        changedBy: c.changedBy ?? '',
        changedByName: c.changedByName,
        changedAt: c.changedAt.toISOString(),
      })),
    );
    if (conflicts.length) {
      const [first] = conflicts;
      throw new DomainError(
        SopDraftErrorCode.DraftConflict,
        `${first.path} was changed by ${first.changedByName} in revision ${first.revision} after revision ${base}; read the draft again and redo the edit.`,
        {
          revision: draft.revision,
          conflicts: conflicts.map(({ changedBy: _id, ...c }) => c),
          errors: conflicts.map((c) => ({
            path: c.path,
            message: `changed by ${c.changedByName} in revision ${c.revision}`,
            keyword: 'changed_by_someone_else',
          })),
        },
      );
    }
    return true;
  }

  private async save(
    em: EntityManager,
    actor: DraftActor,
    draft: DraftRow,
    files: PackFiles,
    change: { kind: DraftChangeKind; operations: PatchOperation[]; touched: string[]; note: string | null },
    rebased: boolean,
  ): Promise<SopDraftEditResult> {
    const revision = draft.revision + 1;
    const at = this.clock.now();
    const findings = this.findings(files);
    await this.drafts.update(em, draft.id, { files, revision, findings, at });
    await this.drafts.insertChange(em, draft.id, { ...change, revision, by: actor.id, byName: actor.username, at });
    await this.record(em, actor, change.kind === 'imported' ? 'sop_draft.imported' : 'sop_draft.edited', {
      draftId: draft.id,
      packId: draft.packId,
      revision,
      paths: change.touched,
    });
    return {
      draftId: draft.id,
      revision,
      rebased,
      ...countFindings(findings),
      findings,
      change: changeView({ ...change, revision, changedBy: actor.id, changedByName: actor.username, changedAt: at }),
    };
  }

  private async record(em: EntityManager, actor: DraftActor, action: string, details: Record<string, unknown>): Promise<void> {
    await this.audit.record(
      { actorId: actor.id, actorRoles: actor.roles, ip: actor.origin?.ip ?? null, userAgent: actor.origin?.userAgent ?? null, action, caseId: null, details },
      em,
    );
  }
}

function notFound(id: number): DomainError {
  return new DomainError(SopDraftErrorCode.DraftNotFound, `There is no SOP draft ${id}.`);
}

/** A refused patch as the API answers it: 422 with the operation, its path and the reason. */
function refusedAsDomain<T>(work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (!(e instanceof PatchRefused)) throw e;
    const p = e.problem;
    throw new DomainError(
      SopDraftErrorCode.DraftPatchInvalid,
      `Operation ${p.operation} cannot be applied (${p.path || 'no path'}): ${p.message}. Nothing was saved.`,
      {
        operation: p.operation,
        path: p.path,
        reason: p.code,
        errors: [{ path: p.path, message: p.message, keyword: p.code }],
      },
    );
  }
}
