export * from './sop-drafts.module';
export * from './sop-drafts.errors';
export {
  SopDraftsService,
  type DraftActor,
  type DraftEditCommand,
  type SopDraftChange,
  type SopDraftEditResult,
  type SopDraftExport,
  type SopDraftPublishResult,
  type SopDraftSummary,
  type SopDraftView,
} from './sop-drafts.service';
export type { DraftFinding } from './draft-findings';
export type { PatchOperation } from './json-patch';
