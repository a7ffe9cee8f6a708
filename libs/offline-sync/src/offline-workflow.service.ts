import { Injectable } from '@nestjs/common';
import type { FormDef, LocationsDef, PackManifest, SopPack, WorkflowDef } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';

/**
 * What the workflow engine reads of a pack to list and take transitions (steps, transitions with their
 * guards, labels and effects, the forms' titles, the time zone and the places guards may name), for
 * one published version. A version never changes, so a device keeps one bundle per version. Nothing
 * of any case is in it.
 */
export interface OfflineWorkflowBundle {
  packId: string;
  version: number;
  versionId: number;
  manifest: Pick<PackManifest, 'forms' | 'timezone'>;
  workflow: WorkflowDef;
  forms: Array<Pick<FormDef, 'id' | 'version' | 'title'>>;
  locations: LocationsDef;
}

/** The bundle of a pack as the engine on the device needs it (the rest of the pack stays on the server). */
export function offlineWorkflowBundle(pack: SopPack, version: { packId: string; version: number; versionId: number }): OfflineWorkflowBundle {
  const timezone = pack.manifest.timezone;
  return {
    packId: version.packId,
    version: version.version,
    versionId: version.versionId,
    manifest: { forms: pack.manifest.forms, ...(timezone ? { timezone } : {}) },
    workflow: pack.workflow,
    forms: pack.forms.map((f) => ({ id: f.id, version: f.version, title: f.title })),
    locations: pack.locations,
  };
}

/** Serves the engine's part of a published pack version to devices that work offline. */
@Injectable()
export class OfflineWorkflowService {
  constructor(private readonly registry: SopRegistry) {}

  /** The bundle of a published version; `sop_version_not_found` (404) for an unknown one. */
  async bundle(versionId: number): Promise<OfflineWorkflowBundle> {
    const sop = await this.registry.get(versionId);
    return offlineWorkflowBundle(sop.pack, sop);
  }
}
