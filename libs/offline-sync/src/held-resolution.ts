import type { FieldConflict } from './field-merge';
import type { HeldChange } from './sync.types';

/** The fields a held conflict named. */
export function conflictFields(held: HeldChange): Set<string> {
  const conflicts = (held.reason.details?.conflicts as FieldConflict[] | undefined) ?? [];
  return new Set(conflicts.map((c) => c.field));
}

/**
 * The base a resolution is merged from. JSON has no `undefined`: a conflicting field the server had
 * no value for is sent as null or left out, and means no value. Another field the resolution does
 * not name keeps the base the device started from.
 */
export function resolvedBase(original: Record<string, unknown>, sent: Record<string, unknown>, conflicting: Set<string>): Record<string, unknown> {
  const base: Record<string, unknown> = { ...original };
  for (const field of conflicting) delete base[field];
  for (const [field, value] of Object.entries(sent)) {
    if (value === null) delete base[field];
    else base[field] = value;
  }
  return base;
}
