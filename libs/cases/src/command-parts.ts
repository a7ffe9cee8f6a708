import { DomainError } from '@app/core';

/** A written reason (flag, unlink, assignment...): a few words at least, not just spaces. */
export const REASON_SCHEMA = { type: 'string', minLength: 3, maxLength: 1000, pattern: '\\S' } as const;

/** 400 `validation_failed` for one field, with the path the client sent it at (`messageKey`: its words in other languages). */
export function invalidField(path: string, message: string, summary = `${message}.`, messageKey?: string): DomainError {
  return new DomainError('validation_failed', summary, { errors: [{ path, message, ...(messageKey ? { messageKey } : {}) }] });
}
