import { registerErrorCodes } from '@app/core';

export enum AuditLogErrorCode {
  AuditLogNotPermitted = 'audit_log_not_permitted',
  BadAuditLogQuery = 'bad_audit_log_query',
}

registerErrorCodes({
  [AuditLogErrorCode.AuditLogNotPermitted]: { status: 403, title: 'Your role may not read the audit log' },
  [AuditLogErrorCode.BadAuditLogQuery]: { status: 400, title: 'Invalid audit log search' },
});
