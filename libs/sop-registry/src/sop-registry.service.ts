import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, DomainError } from '@app/core';
import { inTransaction, SopVersionEntity } from '@app/database';
import { FormCatalogue } from '@app/forms';
import { hashPackFiles, lintPack, PackFiles, PackIssue, readPackDir, validatePack, ValidatePackOptions } from '@app/sop';
import type { SopPack } from '@app/pack-types';
import { defaultOperators, type OperatorRegistry } from '@app/rules';
import { defaultEffects, type EffectRegistry } from '@app/workflow';
import { changedFormVersions } from './form-immutability';
import { PACK_EXTENSIONS, PackExtensions } from './pack-extensions';
import { SopErrorCode } from './sop-registry.errors';
import { SopVersionsRepository } from './sop-versions.repository';

/** A published pack, validated and with its forms compiled: immutable, so safe to cache per process. */
export interface CompiledSop {
  versionId: number;
  version: number;
  packId: string;
  publishedAt: Date;
  pack: SopPack;
  forms: FormCatalogue;
  /** Effects and rule operators of the core and of the plugins this version enables (for the engine). */
  engine: { effects: EffectRegistry; operators: OperatorRegistry };
}

export interface PublishResult {
  sop: CompiledSop;
  /** False when identical content was already published (publishing is idempotent). */
  created: boolean;
}

/**
 * How long (ms of real time) a process trusts the ids of the current pack's versions it last read.
 * A version published by this process is current here at once; one published by another process
 * (a second API replica, `cmis sop publish`) becomes current here at most this long after its
 * commit. Within that bound a replica may still start a new case on the previous version, which is
 * valid: every case runs on the version it was registered under.
 */
export const CURRENT_VERSION_TTL_MS = 1000;

/**
 * Publishes SOP packs as immutable numbered versions and serves compiled versions. Cases pin the
 * version they started on, so `get(versionId)` must work for every version ever published.
 */
@Injectable()
export class SopRegistry {
  private readonly compiled = new Map<number, CompiledSop>();
  /** The pack this deployment runs (set by the start-up publish); new cases use its latest version. */
  private activePackId: string | null = null;
  /** Ids of the current pack's versions, latest first, as read at `readAt` (performance.now()). */
  private pointer: { ids: number[]; readAt: number } | null = null;
  /** The read under way, shared by the requests that find the pointer expired at the same time. */
  private pointerLoad: Promise<number[]> | null = null;
  /** Bumped by a publish: a read started before it must not store what it saw. */
  private pointerGeneration = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly versions: SopVersionsRepository,
    private readonly clock: Clock,
    @Optional() @Inject(PACK_EXTENSIONS) private readonly extensions: PackExtensions | null = null,
  ) {}

  async publishDir(dir: string, publishedBy: string | null = null, note: string | null = null): Promise<PublishResult> {
    return this.publish(await readPackDirOrThrow(dir), publishedBy, note);
  }

  /** `files` as read or uploaded; what the installed plugins it enables contribute is added here (never taken from the caller). */
  async publish(given: PackFiles, publishedBy: string | null = null, note: string | null = null): Promise<PublishResult> {
    const files = this.extensions ? this.extensions.attach(given) : given;
    const pack = this.validateOrThrow(files);
    // Lint errors (unreachable steps, dead ends, deadlines nobody hears about) block publishing too;
    // they are not re-checked when an already published version is loaded.
    throwIfErrors(lintPack(pack));
    if (this.activePackId && this.activePackId !== pack.manifest.id) {
      throw new DomainError(
        SopErrorCode.SopPackMismatch,
        `This deployment runs the pack "${this.activePackId}"; refusing to publish "${pack.manifest.id}" over it.`,
      );
    }
    const contentHash = hashPackFiles(files);
    const result = await inTransaction(this.ds, async (em) => {
      const existing = await this.versions.findByHash(pack.manifest.id, contentHash, em);
      if (existing) return { row: existing, created: false };
      const changed = changedFormVersions(files, await this.versions.publishedForms(em, pack.manifest.id));
      if (changed.length) {
        throw new DomainError(SopErrorCode.SopFormVersionChanged, changed.map((c) => `${c.file}: ${c.message}`).join('; '), {
          errors: changed.map((c) => ({ path: c.file, message: c.message })),
        });
      }
      await this.versions.upsertLocations(em, pack.locations.root);
      await this.versions.upsertOrganisations(em, pack.organisations);
      const row = await this.versions.insertNext(em, {
        packId: pack.manifest.id,
        contentHash,
        files,
        publishedAt: this.clock.now(),
        publishedBy,
        note,
      });
      return { row, created: true };
    });
    this.activePackId = pack.manifest.id;
    this.forgetPointer();
    return { sop: this.compile(result.row, pack), created: result.created };
  }

  /**
   * What publishing `given` would check, without publishing: the files as they would be stored (with
   * what the installed plugins it enables contribute) and every validation and lint finding. Used by
   * drafts, which may be saved with errors; lint runs only on a pack that validates (then also returned, to compare).
   */
  check(given: PackFiles): { files: PackFiles; issues: PackIssue[]; pack: SopPack | null } {
    const files = this.extensions ? this.extensions.attach(given) : given;
    const { pack, issues } = validatePack(files, this.optionsFor(files));
    const valid = pack && !issues.some((i) => i.severity === 'error');
    return { files, issues: valid ? [...issues, ...lintPack(pack)] : issues, pack: valid ? pack : null };
  }

  /** The version new cases start on: the latest of the active pack. */
  async current(): Promise<CompiledSop> {
    const sop = await this.currentIfPublished();
    if (!sop) throw new DomainError(SopErrorCode.SopNotPublished, 'No SOP pack has been published yet.');
    return sop;
  }

  /** The current version, or null before any pack is published (a worker may start first). */
  async currentIfPublished(): Promise<CompiledSop | null> {
    const [latest] = await this.versionIds();
    return latest === undefined ? null : this.get(latest);
  }

  /** Every version of the current pack, compiled, newest version first (what list predicates are built from). */
  async currentVersions(): Promise<CompiledSop[]> {
    const sops = await Promise.all((await this.versionIds()).map((id) => this.get(id)));
    return sops.sort((a, b) => b.version - a.version);
  }

  async get(versionId: number): Promise<CompiledSop> {
    const cached = this.compiled.get(versionId);
    if (cached) return cached;
    const row = await this.versions.findById(versionId);
    if (!row) throw new DomainError(SopErrorCode.SopVersionNotFound, `SOP version ${versionId} does not exist.`);
    return this.fromRow(row);
  }

  /** The files a version was published with (as stored: with the plugins' contribution). */
  async filesOf(versionId: number): Promise<PackFiles> {
    const row = await this.versions.findById(versionId);
    if (!row) throw new DomainError(SopErrorCode.SopVersionNotFound, `SOP version ${versionId} does not exist.`);
    return row.files as PackFiles;
  }

  async listVersions(): Promise<SopVersionEntity[]> {
    const current = await this.current();
    return this.versions.list(current.packId);
  }

  locationPath(code: string): Promise<string | null> {
    return this.versions.locationPath(code);
  }

  /** The current pack's version ids, latest first: from memory for CURRENT_VERSION_TTL_MS, then one small query. */
  private versionIds(): Promise<number[]> {
    const pointer = this.pointer;
    if (pointer && performance.now() - pointer.readAt < CURRENT_VERSION_TTL_MS) return Promise.resolve(pointer.ids);
    if (this.pointerLoad) return this.pointerLoad;
    const generation = this.pointerGeneration;
    const readAt = performance.now();
    const load: Promise<number[]> = this.versions
      .versionIds(this.activePackId ?? undefined)
      .then((ids) => {
        if (generation === this.pointerGeneration) this.pointer = { ids, readAt };
        return ids;
      })
      .finally(() => {
        if (this.pointerLoad === load) this.pointerLoad = null;
      });
    this.pointerLoad = load;
    return load;
  }

  private forgetPointer(): void {
    this.pointerGeneration++;
    this.pointer = null;
    this.pointerLoad = null;
  }

  private fromRow(row: SopVersionEntity): CompiledSop {
    const cached = this.compiled.get(row.id);
    if (cached) return cached;
    return this.compile(row, this.validateOrThrow(row.files as PackFiles));
  }

  /** The options a pack enabling these plugins is validated with (their effects, operators). */
  private optionsFor(files: PackFiles): ValidatePackOptions {
    const ids = (((files['pack.json'] as any)?.plugins ?? []) as Array<{ id?: unknown }>).map((p) => String(p?.id));
    return this.extensions?.validateOptions(ids) ?? {};
  }

  private validateOrThrow(files: PackFiles): SopPack {
    const { pack, issues } = validatePack(files, this.optionsFor(files));
    throwIfErrors(issues);
    return pack!;
  }

  private compile(row: SopVersionEntity, pack: SopPack): CompiledSop {
    const options = this.optionsFor(row.files as PackFiles);
    const sop: CompiledSop = {
      versionId: row.id,
      version: row.version,
      packId: row.packId,
      publishedAt: row.publishedAt,
      pack,
      forms: new FormCatalogue(pack, options.fieldTypes ? { fieldTypes: options.fieldTypes } : {}),
      engine: { effects: options.effects ?? defaultEffects(), operators: options.operators ?? defaultOperators() },
    };
    this.compiled.set(row.id, sop);
    return sop;
  }
}

function throwIfErrors(issues: PackIssue[]): void {
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw new DomainError(SopErrorCode.SopInvalid, `The SOP pack has ${errors.length} error(s).`, {
      errors: errors.map((i) => ({ path: `${i.file} ${i.path}`, message: i.message, keyword: i.code })),
    });
  }
}

async function readPackDirOrThrow(dir: string): Promise<PackFiles> {
  try {
    return await readPackDir(dir);
  } catch (e: any) {
    if (Array.isArray(e?.issues)) {
      throw new DomainError(SopErrorCode.SopInvalid, `The SOP pack in ${dir} cannot be read.`, {
        errors: e.issues.map((i: any) => ({ path: `${i.file} ${i.path}`, message: i.message, keyword: i.code })),
      });
    }
    throw e;
  }
}
