import { pickLabel } from '@app/core';
import type { DeadlineDef } from '@app/pack-types';

/** What a deadline event on the timeline says in words besides its type: which deadline, which occurrence, when due. */
export interface DeadlineEventName {
  /** The definition's label in the reader's language (pack languages; English, then any, as fallback). */
  label: string;
  /** Of a recurring deadline: 1 for the first occurrence, n for `<base key>:<n>`. */
  occurrence?: number;
  /** When this occurrence is (or was, when it closed) due, as stored. */
  dueAt?: string;
}

/** Anchors whose deadline key has a second part (`<id>:<visit>`, `<id>:<referral id>`) before any occurrence number. */
const TWO_PART_KEYS = new Set(['step_entered', 'referral_sent']);

/**
 * Names the deadline a timeline event's `key` stands for. Keys: `<id>`, `<id>:<visit>`,
 * `<id>:<referral id>`, and for occurrences k ≥ 2 of a recurring deadline `<base key>:<k>`
 * (PlannedDeadline.key); only the definition knows whether a second part is a visit or an
 * occurrence. Close events carry no due time: the stored deadline row of that key gives it.
 */
export function deadlineEventNames(
  definitions: DeadlineDef[],
  stored: Array<{ key: string; dueAt: Date | string }>,
  locale: string,
): (key: string) => DeadlineEventName | null {
  const dueByKey = new Map(stored.map((d) => [d.key, new Date(d.dueAt).toISOString()]));
  return (key) => {
    const parts = key.split(':');
    const def = definitions.find((d) => d.id === parts[0]);
    if (!def) return null;
    const name: DeadlineEventName = { label: pickLabel(def.label, locale) || def.id };
    if (def.repeat) {
      const baseParts = TWO_PART_KEYS.has(def.anchor.event) ? 2 : 1;
      const n = parts.length > baseParts ? Number(parts[parts.length - 1]) : 1;
      if (Number.isInteger(n) && n >= 1) name.occurrence = n;
    }
    const dueAt = dueByKey.get(key);
    if (dueAt) name.dueAt = dueAt;
    return name;
  };
}
