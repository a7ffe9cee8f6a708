/** A field both the device and someone else changed, to different values since the device's copy. */
export interface FieldConflict {
  field: string;
  /** What the device had before its change. */
  base: unknown;
  /** The device's new value. */
  yours: unknown;
  /** The value on the server now. */
  theirs: unknown;
}

/** Equality of answers as stored (JSON): key order does not matter, a missing value equals undefined. */
export function sameAnswer(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/**
 * The per-field merge of an offline change into a form's current answers: a field the server still
 * has as the device had it takes the device's value; one already holding the device's value needs
 * nothing; any other is a conflict. Never last write wins: with a conflict nothing is merged.
 */
export function mergeFields(
  current: Record<string, unknown>,
  base: Record<string, unknown>,
  changed: Record<string, unknown>,
): { merged: Record<string, unknown>; applied: string[]; conflicts: FieldConflict[] } {
  const merged: Record<string, unknown> = { ...current };
  const applied: string[] = [];
  const conflicts: FieldConflict[] = [];
  for (const [field, yours] of Object.entries(changed)) {
    const theirs = current[field];
    if (sameAnswer(theirs, yours)) continue;
    if (sameAnswer(theirs, base[field])) {
      if (yours === null || yours === undefined) delete merged[field];
      else merged[field] = yours;
      applied.push(field);
    } else conflicts.push({ field, base: base[field], yours, theirs });
  }
  return conflicts.length ? { merged: { ...current }, applied: [], conflicts } : { merged, applied, conflicts };
}
