export { AuditModule, checkpointOptions } from './audit.module';
export {
  AUDIT_CHECKPOINT_OPTIONS,
  AuditCheckpoints,
  createAuditCheckpoints,
  type AuditCheckpointOptions,
  type CheckpointCheck,
} from './audit-checkpoints.service';
export { CHECKPOINT_FORMAT, type AuditCheckpoint, type CheckpointFinding, type CheckpointVerification } from './audit-checkpoint';
export { AUDIT_CHAINS, AuditService, createAuditService } from './audit.service';
export { canonicalJson, entryHash, GENESIS_HASH } from './audit-hash';
export { chainForEntry, chainOf, DEFAULT_AUDIT_CHAINS, LEGACY_CHAIN, MAX_AUDIT_CHAINS, parseAuditChains } from './audit-chains';
export type {
  AuditEntry,
  AuditPage,
  AuditPageQuery,
  AuditRecord,
  AuditTrailPage,
  AuditTrailQuery,
  ChainBreakReason,
  ChainHead,
  ChainVerification,
} from './audit.types';
export { entryBy, type AuditActor } from './actor-entry';
