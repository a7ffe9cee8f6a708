import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isCalendarDate, isCalendarDateTime } from './calendar-dates';
import { DomainError, FieldError } from './errors';

/**
 * Validated command objects: every request body (and worker job) is checked against a JSON Schema
 * before a service sees it, so the API and the worker share one definition of valid input.
 */
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv, ['uuid', 'email']);
// Dates are checked as everywhere else (calendar-dates.ts): ajv-formats' own formats accept year 0.
ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
ajv.addFormat('date-time', { type: 'string', validate: isCalendarDateTime });
const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();

export function toFieldErrors(errors: ErrorObject[] | null | undefined, prefix = ''): FieldError[] {
  return (errors ?? []).map((e) => {
    if (e.keyword === 'required') return { path: `${prefix}${e.instancePath}/${e.params.missingProperty}`, message: 'is required', keyword: e.keyword };
    if (e.keyword === 'additionalProperties')
      return { path: `${prefix}${e.instancePath}/${e.params.additionalProperty}`, message: 'unknown field', keyword: e.keyword };
    const limit = (e.params as { limit?: unknown }).limit;
    // The limit travels as a parameter for the message in other languages (the API does not send it).
    const params = typeof limit === 'number' ? { params: { limit } } : {};
    return { path: `${prefix}${e.instancePath}` || '/', message: e.message ?? 'is invalid', keyword: e.keyword, ...params };
  });
}

export function validateCommand<T>(schema: object, input: unknown, what = 'request body'): T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(input)) {
    throw new DomainError('validation_failed', `The ${what} is not valid.`, { errors: toFieldErrors(validate.errors) });
  }
  return input as T;
}
