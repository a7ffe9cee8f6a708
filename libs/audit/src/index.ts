export { AuditModule } from './audit.module';
export { AuditService, createAuditService } from './audit.service';
export { canonicalJson, entryHash, GENESIS_HASH } from './audit-hash';
export type {
  AuditEntry, AuditPage, AuditPageQuery, AuditRecord, AuditTrailQuery, ChainBreakReason, ChainVerification,
} from './audit.types';
