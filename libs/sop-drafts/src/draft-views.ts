import type { PackDiff } from '@app/sop';
import { countFindings, type DraftFinding } from './draft-findings';
import type { PatchOperation } from './json-patch';
import type { ChangeRow, DraftChangeKind, DraftRow, DraftStatus } from './sop-drafts.repository';

/** Who changes a draft: a signed-in administrator, or the CLI (no user: id null, name `cli`). */
export interface DraftActor {
  id: string | null;
  username: string;
  roles: string[];
  origin?: { ip: string | null; userAgent: string | null };
}

export interface SopDraftSummary {
  id: number;
  packId: string;
  status: DraftStatus;
  revision: number;
  /** The published version the draft was created from; null when created from uploaded files. */
  baseVersion: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  closedBy: string | null;
  closedAt: string | null;
  publishedVersion: number | null;
  errors: number;
  warnings: number;
}

export interface SopDraftView extends SopDraftSummary {
  /** The pack files as they are at this revision (`pack.json`, `forms/<id>.v<n>.json`, `templates/...`). */
  files: Record<string, unknown>;
  findings: DraftFinding[];
}

export interface SopDraftChange {
  revision: number;
  kind: DraftChangeKind;
  operations: PatchOperation[];
  /** The pointers the change read or wrote (a whole array when it inserted or removed an item). */
  touched: string[];
  note: string | null;
  changedBy: string;
  changedAt: string;
}

export interface SopDraftEditResult {
  draftId: number;
  revision: number;
  /** True when the edit was based on an older revision and applied on top of others' changes to other paths. */
  rebased: boolean;
  errors: number;
  warnings: number;
  findings: DraftFinding[];
  /** The accepted change; null when an import changed nothing. */
  change: SopDraftChange | null;
}

export interface SopDraftExport {
  draftId: number;
  revision: number;
  /** What publishing would store: sha256 of the canonical JSON of `files`. */
  contentHash: string;
  files: Record<string, unknown>;
}

/** What publishing the draft would change: `diffPacks` of the current published version against the draft. */
export interface SopDraftDiff extends PackDiff {
  draftId: number;
  revision: number;
  against: { versionId: number; version: number };
  /** False while the draft does not validate: nothing can be compared until it does (no changes then). */
  comparable: boolean;
}

export interface SopDraftPublishResult {
  draftId: number;
  packId: string;
  version: number;
  versionId: number;
  created: boolean;
  contentHash: string;
  note: string;
}

export interface DraftEditCommand {
  baseRevision: number;
  operations: unknown;
  note?: string;
}

export function summary(row: Omit<DraftRow, 'files'>): SopDraftSummary {
  return {
    id: row.id,
    packId: row.packId,
    status: row.status,
    revision: row.revision,
    baseVersion: row.baseVersion,
    createdBy: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedBy: row.closedByName,
    closedAt: row.closedAt ? row.closedAt.toISOString() : null,
    publishedVersion: row.publishedVersion,
    ...countFindings(row.findings),
  };
}

export function changeView(c: ChangeRow): SopDraftChange {
  return {
    revision: c.revision,
    kind: c.kind,
    operations: c.operations,
    touched: c.touched,
    note: c.note,
    changedBy: c.changedByName,
    changedAt: c.changedAt.toISOString(),
  };
}
