import type Ajv from 'ajv';

/** A named field type/format (`"format": "<name>"` in a form's JSON Schema). */
export interface FieldTypeDef {
  /** Checks a string value. */
  validate: (value: string) => boolean;
  /** Plain message when the check fails, e.g. "must be a date (YYYY-MM-DD)". */
  message?: string;
  /** True for date-like formats (usable as deadline anchors, date checks). */
  isDate?: boolean;
}

/** Years every part of the system reads the same way (PostgreSQL has no year 0; JavaScript's Date.UTC reads 0–99 as 1900–1999). */
export const DATE_YEARS = { min: 1000, max: 9999 } as const;

/** A calendar date that exists (no 31 February, 29 February in leap years only), in years DATE_YEARS. */
function isValidDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < DATE_YEARS.min || y > DATE_YEARS.max || mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

function isValidDateTime(value: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/.exec(value);
  if (!m || !isValidDate(m[1])) return false;
  return Number(m[2]) < 24 && Number(m[3]) < 60 && (m[4] === undefined || Number(m[4]) < 61);
}

/**
 * Registry of field types/formats. Built-ins: date, date-time, email, phone, uri.
 * Plugins add more with `register`; the form catalogue registers them all into ajv as formats.
 */
export class FieldTypeRegistry {
  private readonly types = new Map<string, FieldTypeDef>();

  register(name: string, def: FieldTypeDef): this {
    this.types.set(name, def);
    return this;
  }
  has(name: string): boolean {
    return this.types.has(name);
  }
  get(name: string): FieldTypeDef | undefined {
    return this.types.get(name);
  }
  names(): string[] {
    return [...this.types.keys()].sort();
  }
  isDate(name: string | undefined): boolean {
    return !!name && !!this.types.get(name)?.isDate;
  }
  /** Adds every registered type to an ajv instance as a string format. */
  addToAjv(ajv: Ajv): void {
    for (const [name, def] of this.types) ajv.addFormat(name, { type: 'string', validate: def.validate });
  }
}

export function createDefaultFieldTypes(): FieldTypeRegistry {
  return new FieldTypeRegistry()
    .register('date', { validate: isValidDate, message: 'must be a date (YYYY-MM-DD)', isDate: true })
    .register('date-time', { validate: isValidDateTime, message: 'must be a date and time (e.g. 2024-05-01T14:30:00Z)', isDate: true })
    .register('email', {
      validate: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
      message: 'must be an email address',
    })
    .register('phone', {
      // Lenient E.164: optional +, digits with spaces, dashes, dots or parentheses; 6 to 15 digits.
      validate: (v) => /^\+?[0-9 ()./-]+$/.test(v) && /^\d{6,15}$/.test(v.replace(/\D/g, '')),
      message: 'must be a phone number (e.g. +373 22 123456)',
    })
    .register('uri', {
      validate: (v) => /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$/.test(v),
      message: 'must be a web address or URI',
    });
}
