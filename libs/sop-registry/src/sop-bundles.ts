import { Inject, Injectable, Optional } from '@nestjs/common';
import { DomainError } from '@app/core';
import { hashPackFiles, PackFiles } from '@app/sop';
import { PACK_EXTENSIONS, PackExtensions } from './pack-extensions';
import { SopErrorCode } from './sop-registry.errors';
import { SopRegistry } from './sop-registry.service';
import { SopVersionsRepository } from './sop-versions.repository';

export const SOP_BUNDLE_FORMAT = 'cmis-sop-bundle';

/**
 * One published pack version as one file, to move it between installations (test to production).
 * `contentHash` is the exporting installation's hash of `files` (hashPackFiles); importing recomputes
 * it, so content changed on the way is refused, and the version published there has the same hash.
 */
export interface SopBundle {
  format: typeof SOP_BUNDLE_FORMAT;
  formatVersion: 1;
  packId: string;
  version: number;
  contentHash: string;
  publishedAt: string;
  note: string | null;
  files: PackFiles;
}

export interface BundleImportResult {
  packId: string;
  version: number;
  versionId: number;
  contentHash: string;
  /** False when this installation already had the same content (importing again is a no-op). */
  created: boolean;
}

/** Exports published versions as bundles and publishes imported ones, after checking their content. */
@Injectable()
export class SopBundles {
  constructor(
    private readonly registry: SopRegistry,
    private readonly versions: SopVersionsRepository,
    @Optional() @Inject(PACK_EXTENSIONS) private readonly extensions: PackExtensions | null = null,
  ) {}

  async exportVersion(versionId: number): Promise<SopBundle> {
    const row = await this.versions.findById(versionId);
    if (!row) throw new DomainError(SopErrorCode.SopVersionNotFound, `SOP version ${versionId} does not exist.`);
    return {
      format: SOP_BUNDLE_FORMAT,
      formatVersion: 1,
      packId: row.packId,
      version: row.version,
      contentHash: row.contentHash,
      publishedAt: row.publishedAt.toISOString(),
      note: row.note,
      files: row.files as PackFiles,
    };
  }

  /**
   * Checks a bundle (its form, then its content against its hash) and publishes it as publishing a
   * pack does (validated and linted, identical content a no-op). Nothing is published when a check fails.
   */
  async importBundle(given: unknown, publishedBy: string | null): Promise<BundleImportResult> {
    const bundle = readBundle(given);
    const computed = hashPackFiles(bundle.files);
    if (computed !== bundle.contentHash) {
      throw new DomainError(
        SopErrorCode.SopBundleHashMismatch,
        `The bundle's content does not match its content hash: it says ${bundle.contentHash}, its files hash to ${computed}. It was changed or damaged after export; export it again.`,
        { errors: [{ path: 'contentHash', message: `expected ${bundle.contentHash}, computed ${computed}` }] },
      );
    }
    // Publishing adds what this installation's plugins contribute: with other plugins the content would differ.
    const stored = this.extensions ? hashPackFiles(this.extensions.attach(bundle.files)) : computed;
    if (stored !== computed) {
      throw new DomainError(
        SopErrorCode.SopBundlePluginsDiffer,
        'The plugins installed here are not those the bundle was exported with, so its content would change on import. Install the same plugin versions first.',
      );
    }
    const { sop, created } = await this.registry.publish(bundle.files, publishedBy, bundle.note);
    return { packId: sop.packId, version: sop.version, versionId: sop.versionId, contentHash: computed, created };
  }
}

function readBundle(given: unknown): SopBundle {
  const b = given as Partial<SopBundle> | null;
  const problems: Array<{ path: string; message: string }> = [];
  if (!b || typeof b !== 'object' || Array.isArray(b)) problems.push({ path: '$', message: 'is not a JSON object' });
  else {
    if (b.format !== SOP_BUNDLE_FORMAT) problems.push({ path: 'format', message: `must be "${SOP_BUNDLE_FORMAT}"` });
    if (b.formatVersion !== 1) problems.push({ path: 'formatVersion', message: 'must be 1' });
    if (typeof b.contentHash !== 'string' || !/^[0-9a-f]{64}$/.test(b.contentHash)) problems.push({ path: 'contentHash', message: 'must be a sha256 in hex' });
    if (!b.files || typeof b.files !== 'object' || Array.isArray(b.files)) problems.push({ path: 'files', message: 'must be an object of pack files' });
    else if ((b.files['pack.json'] as any)?.id !== b.packId) problems.push({ path: 'packId', message: `must be the id in files["pack.json"]` });
    if (b.note !== undefined && b.note !== null && typeof b.note !== 'string') problems.push({ path: 'note', message: 'must be text' });
  }
  if (problems.length) {
    throw new DomainError(SopErrorCode.SopBundleInvalid, `This is not an SOP bundle: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`, {
      errors: problems,
    });
  }
  return { ...(b as SopBundle), note: b!.note ?? null };
}
