export * from './sop-drafts.module';
export * from './sop-drafts.errors';
export { SopDraftsService } from './sop-drafts.service';
export type {
  DraftActor,
  DraftEditCommand,
  SopDraftChange,
  SopDraftDiff,
  SopDraftEditResult,
  SopDraftExport,
  SopDraftPublishResult,
  SopDraftSummary,
  SopDraftView,
} from './draft-views';
export type { DraftFinding } from './draft-findings';
export type { PatchOperation } from './json-patch';
