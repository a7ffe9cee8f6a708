import type Ajv from 'ajv';
import { isCalendarDate, isCalendarDateTime } from '@app/core';

/** A named field type/format (`"format": "<name>"` in a form's JSON Schema). */
export interface FieldTypeDef {
  /** Checks a string value. */
  validate: (value: string) => boolean;
  /** Plain message when the check fails, e.g. "must be a date (YYYY-MM-DD)". */
  message?: string;
  /** True for date-like formats (usable as deadline anchors, date checks). */
  isDate?: boolean;
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
    .register('date', { validate: isCalendarDate, message: 'must be a date (YYYY-MM-DD)', isDate: true })
    .register('date-time', { validate: isCalendarDateTime, message: 'must be a date and time (e.g. 2024-05-01T14:30:00Z)', isDate: true })
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
