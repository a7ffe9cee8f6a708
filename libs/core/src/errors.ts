/**
 * Domain errors carry a stable code and a user-facing message. Each module declares its codes and
 * their HTTP status in one registry (`registerErrorCodes`); the API maps errors to RFC 9457
 * problem details in one place (apps/api ProblemDetailsFilter).
 */
export interface ErrorCodeInfo {
  status: number;
  title: string;
}

const registry = new Map<string, ErrorCodeInfo>();

export function registerErrorCodes(codes: Record<string, ErrorCodeInfo>): void {
  for (const [code, info] of Object.entries(codes)) registry.set(code, info);
}

/** Every registered code with its status and title (for documentation and for tests of the titles users see). */
export function registeredErrorCodes(): ReadonlyMap<string, ErrorCodeInfo> {
  return registry;
}

/** A code's words in one language: the problem's title and detail (an ICU message). */
export interface ErrorTexts {
  title: string;
  detail?: string;
}

const texts = new Map<string, Record<string, ErrorTexts>>();

/**
 * Words of codes in other languages that a module brings with it (a plugin's `problems`), by locale;
 * the API's own catalogue (apps/api problem-texts) comes first.
 */
export function registerErrorTexts(code: string, byLocale: Record<string, ErrorTexts>): void {
  texts.set(code, { ...texts.get(code), ...byLocale });
}

export function errorTexts(code: string, locale: string): ErrorTexts | undefined {
  const found = texts.get(code);
  return found && Object.prototype.hasOwnProperty.call(found, locale) ? found[locale] : undefined;
}

export function errorCodeInfo(code: string): ErrorCodeInfo {
  return registry.get(code) ?? { status: 500, title: 'Internal error' };
}

export interface FieldError {
  /** JSON pointer or dotted path of the offending value, e.g. `/answers/risk_level`. */
  path: string;
  message: string;
  keyword?: string;
  /** Values for the message in another language (`{ limit: 3 }`); used by the API, never sent as such. */
  params?: MessageParams;
  /** The field's label by locale (a form's `x-label`), so the API can name it in the user's language; never sent as such. */
  labels?: Record<string, string>;
  /** The key of the message in the API's catalogues when it is not `keyword` (`future`, `already_assigned`); never sent. */
  messageKey?: string;
}

/** Values a localized message is filled with. */
export type MessageParams = Record<string, string | number>;

export class DomainError extends Error {
  constructor(
    readonly code: string,
    /** English, as the API answers by default; other languages come from the API's catalogue by `code`. */
    message: string,
    readonly extra: { errors?: FieldError[]; [key: string]: unknown } = {},
    /** Values for the localized detail of `code` (see apps/api problem-texts); never sent as such. */
    readonly params: MessageParams = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

registerErrorCodes({
  validation_failed: { status: 400, title: 'Invalid request' },
  not_found: { status: 404, title: 'Not found' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  conflict: { status: 409, title: 'Conflict' },
  version_conflict: { status: 409, title: 'The record was changed by someone else' },
  precondition_required: { status: 428, title: 'If-Match header required' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  internal_error: { status: 500, title: 'Internal error' },
});
