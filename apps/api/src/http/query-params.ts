import { DomainError } from '@app/core';

/**
 * Query-string values, checked once for every controller: repeated parameters (arrays) and objects
 * are refused rather than passed on, and each refusal names the parameter.
 */
function invalid(name: string, message: string, detail: string): DomainError {
  return new DomainError('validation_failed', message, { errors: [{ path: `/${name}`, message: detail }] });
}

export function queryText(v: unknown, name: string, maxLength = 200): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length > maxLength) {
    throw invalid(name, `${name} must be given once, as text of at most ${maxLength} characters.`, 'must be a single short text');
  }
  return v;
}

export function queryInt(v: unknown, name: string): number | undefined {
  const s = queryText(v, name);
  if (s === undefined) return undefined;
  if (!/^\d{1,12}$/.test(s)) throw invalid(name, `${name} must be a positive integer.`, 'must be a positive integer');
  return Number(s);
}

export function queryOneOf<T extends string>(v: unknown, name: string, values: readonly T[]): T | undefined {
  const s = queryText(v, name);
  if (s === undefined) return undefined;
  if (!values.includes(s as T)) throw invalid(name, `${name} must be one of: ${values.join(', ')}.`, `must be one of ${values.join(', ')}`);
  return s as T;
}

export function queryBool(v: unknown, name: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw invalid(name, `${name} must be true or false.`, 'must be true or false');
}
