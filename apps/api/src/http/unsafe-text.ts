import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { DomainError, FieldError, registerErrorCodes } from '@app/core';

registerErrorCodes({ invalid_characters: { status: 400, title: 'Text contains characters that cannot be stored' } });

// NUL, or a UTF-16 surrogate that is not part of a pair. PostgreSQL refuses both in text and jsonb
// (a 500 after part of the work was done); refusing them up front names the field instead.
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function reason(s: string): string | null {
  const m = UNSAFE.exec(s);
  if (!m) return null;
  return m[0] === '\u0000' ? 'contains a NUL character (\\u0000)' : 'contains a lone UTF-16 surrogate (not valid Unicode text)';
}

const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Every string in a value, and every object key, checked for NUL and lone surrogates. Returns field
 * errors with JSON pointers under `base` (`/answers/first_name`); a bad key is reported at the key.
 */
export function unsafeTextErrors(value: unknown, base = ''): FieldError[] {
  const out: FieldError[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (out.length >= 20 || depth > 64) return;
    if (typeof v === 'string') {
      const r = reason(v);
      if (r) out.push({ path, message: r, keyword: 'invalid_characters' });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${path}/${i}`, depth + 1));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        const r = reason(k);
        if (r) out.push({ path: `${path}/${esc(k)}`, message: `field name ${r}`, keyword: 'invalid_characters' });
        else walk(item, `${path}/${esc(k)}`, depth + 1);
      }
    }
  };
  walk(value, base, 0);
  return out;
}

/** The request's path parameters, query parameters and JSON body, each error naming where it was found. */
export function unsafeRequestText(req: { params?: unknown; query?: unknown; body?: unknown }): Array<FieldError & { in: string }> {
  const at = (where: string, errors: FieldError[]) => errors.map((e) => ({ ...e, in: where }));
  return [
    ...at('path', unsafeTextErrors(req.params ?? {})),
    ...at('query', unsafeTextErrors(req.query ?? {})),
    ...at('body', unsafeTextErrors(req.body ?? {})),
  ];
}

/**
 * Runs for every route (after routing, so path parameters are known by name): a request carrying
 * text PostgreSQL cannot store is refused with 400 `invalid_characters` before any handler runs.
 */
@Injectable()
export class UnsafeTextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const errors = unsafeRequestText(context.switchToHttp().getRequest());
      if (errors.length > 0) {
        const first = errors[0];
        throw new DomainError(
          'invalid_characters',
          `The ${first.in === 'body' ? 'field' : `${first.in} parameter`} ${first.path || '/'} ${first.message}; remove it and try again.`,
          { errors },
        );
      }
    }
    return next.handle();
  }
}
