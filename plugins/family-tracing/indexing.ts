/** Keeps the index of registered (separated) children in step with the cases, from the case hooks. */
import type { PluginEventContext, PluginHookCase } from '@app/plugin-sdk';
import { IndexedChildRow, removeChild, upsertChild } from './match-repository';
import { normaliseName, phoneticKeys } from './names';
import { FamilyTracingSettings, resolveSettings } from './settings';

/**
 * The index entry of a case, or null when the case does not belong in the index: not one of the
 * case types, not marked separated (when the pack names a field for it), or no name to match on.
 */
export function childEntry(c: PluginHookCase, settings: FamilyTracingSettings): IndexedChildRow | null {
  if (!settings.caseTypes.includes(c.caseType)) return null;
  if (settings.separatedField) {
    const [form, field] = settings.separatedField.split('.');
    if (c.answers?.[form]?.[field] !== true) return null;
  }
  const fullName = (c.displayName ?? '').trim();
  const nameNorm = normaliseName(fullName);
  if (!nameNorm) return null;
  return {
    caseId: c.id,
    caseType: c.caseType,
    fullName,
    nameNorm,
    phoneticKeys: phoneticKeys(fullName),
    dateOfBirth: c.dateOfBirth ?? null,
    sex: c.sex ?? null,
    locationCode: c.locationCode,
    locationPath: dottedPath(null, c.locationPath),
  };
}

/** Codes joined by dots (as requests store them): the pack's path of the code, else the case's own ("MD/CH/CH01/"). */
export function dottedPath(fromPack: string[] | null, caseRow: string): string {
  return (fromPack ?? caseRow.split(/[/.]/).filter(Boolean)).join('.');
}

/** Hook body: adds, refreshes or removes the case's child. Never reads out or exposes anything. */
export async function indexChild(ctx: PluginEventContext<FamilyTracingSettings>): Promise<void> {
  const settings = resolveSettings(ctx.settings);
  const entry = childEntry(ctx.case, settings);
  // A change that leaves the entry as it was (an address corrected, a note added) has nothing to index.
  if (ctx.before && sameEntry(entry, childEntry(ctx.before, settings))) return;
  if (entry) await upsertChild(ctx.db, { ...entry, locationPath: dottedPath(ctx.locations.path(entry.locationCode), entry.locationPath) }, ctx.now);
  // Only cases of the indexed types can have been indexed before; others are left alone (no query per event).
  else if (settings.caseTypes.includes(ctx.case.caseType)) await removeChild(ctx.db, ctx.case.id);
}

/** Whether two index entries (or two absences) are the same: nothing matching reads differs. */
export function sameEntry(a: IndexedChildRow | null, b: IndexedChildRow | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
