/**
 * A readable diff of two SOP packs: structured changes an administrator understands ("field X is now
 * required", "high risk: 48 h → 24 h", "step Y added"). Each change is data (a stable `kind`, the
 * element it concerns with its label, before and after), never a sentence, so the web app words it in
 * each language. What the sections of pack-diff-sections.ts do not word is still reported, as
 * `changed_at_path`: a plain JSON comparison of the two packs runs underneath, and every difference it
 * finds that no worded change covers comes out as one, so no change is ever silently missing.
 */
import type { SopPack } from '@app/pack-types';
import { canonicalJson } from './pack-files';
import { DIFF_SECTIONS, diffLabels } from './pack-diff-sections';
import type { DiffElement, DiffSection, PackChange, PackDiff, PackElementRef, PropertyChange } from './pack-diff.types';

export type * from './pack-diff.types';

export const CHANGED_AT_PATH = 'changed_at_path';

/** Every kind of change the diff gives (what the web app and the CLI must word). */
export const PACK_CHANGE_KINDS: readonly string[] = [
  ...new Set(DIFF_SECTIONS.flatMap((s) => [s.added, s.removed, ...s.properties.flatMap((p) => p.kinds ?? [p.kind])]).filter((k): k is string => !!k)),
  CHANGED_AT_PATH,
];

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const refKey = (r: PackElementRef): string => `${r.type}:${r.parent ? `${r.parent.id}.` : ''}${r.id}`;

/** The structured changes from `before` to `after`; none for identical packs. */
export function diffPacks(before: SopPack, after: SopPack): PackDiff {
  const changes: PackChange[] = [];
  const covered: string[] = [];
  const appeared = new Set<string>();
  for (const section of DIFF_SECTIONS) {
    const was = new Map(section.elements(before).map((e) => [e.ref.id + '\u0000' + (e.ref.parent?.id ?? ''), e]));
    const now = new Map(section.elements(after).map((e) => [e.ref.id + '\u0000' + (e.ref.parent?.id ?? ''), e]));
    const whole = (e: DiffElement, kind: string | undefined, side: 'before' | 'after'): void => {
      appeared.add(refKey(e.ref));
      covered.push(e.path, ...(section.alsoCovers?.(e) ?? []));
      // An element inside one that came or went is part of that change.
      if (!kind || (e.ref.parent && appeared.has(refKey(e.ref.parent)))) return;
      changes.push({ kind, element: e.ref, path: e.path, [side]: e.value });
    };
    for (const [key, e] of now) {
      const old = was.get(key);
      if (!old) whole(e, section.added, 'after');
      else compareElement(section, old, e, { before, after }, changes, covered);
    }
    for (const [key, e] of was) if (!now.has(key)) whole(e, section.removed, 'before');
  }
  for (const leaf of jsonDifferences(before, after, '')) {
    if (!covered.some((p) => isWithin(leaf.path, p))) {
      changes.push({ kind: CHANGED_AT_PATH, element: { type: 'pack', id: after.manifest.id }, path: leaf.path, before: leaf.before, after: leaf.after });
    }
  }
  return { changes, labels: changes.length ? diffLabels(before, after) : {} };
}

function compareElement(
  section: DiffSection,
  was: DiffElement,
  now: DiffElement,
  packs: { before: SopPack; after: SopPack },
  changes: PackChange[],
  covered: string[],
): void {
  for (const property of section.properties) {
    const paths = property.covers(now).map((p) => (p.startsWith('.') || p.startsWith('[') ? now.path + p : p));
    covered.push(...paths);
    const a = property.read(was.value, was, packs.before);
    const b = property.read(now.value, now, packs.after);
    if (same(a, b)) continue;
    const found = property.expand ? property.expand(a, b, packs, now) : [{ before: a, after: b }];
    for (const c of found) changes.push({ kind: c.kind ?? property.kind, element: now.ref, path: paths[0] ?? now.path, ...withoutKind(c) });
  }
}

function withoutKind(c: PropertyChange): Omit<PropertyChange, 'kind'> {
  const { kind: _kind, ...rest } = c;
  return rest;
}

/** True when `path` is `prefix` or lies inside it. */
function isWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + '.') || path.startsWith(prefix + '[');
}

/** The key arrays of elements are compared by: their id (steps, forms...), code (places), value (options), username. */
const ELEMENT_KEYS = ['id', 'code', 'value', 'username'] as const;

function keyOf(item: unknown): string | null {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return null;
  for (const k of ELEMENT_KEYS) if (typeof (item as any)[k] === 'string') return (item as any)[k];
  return null;
}

function keyedItems(list: unknown[]): Map<string, unknown> | null {
  const byKey = new Map<string, unknown>();
  for (const item of list) {
    const key = keyOf(item);
    if (key === null || byKey.has(key)) return null;
    byKey.set(key, item);
  }
  return byKey;
}

/** `a.b`, `a["odd key"]`, `list[id]`: the path notation of PackChange.path. */
export function propertyPath(base: string, key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? (base ? `${base}.${key}` : key) : `${base}[${JSON.stringify(key)}]`;
}

export function elementPath(base: string, key: string): string {
  return `${base}[${key}]`;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Every differing leaf of two JSON values: objects by key, arrays of keyed elements by key, anything else whole. */
export function jsonDifferences(before: unknown, after: unknown, path: string): Array<{ path: string; before: unknown; after: unknown }> {
  if (same(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => jsonDifferences(before[k], after[k], propertyPath(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const was = keyedItems(before);
    const now = keyedItems(after);
    if (was && now && (was.size > 0 || now.size > 0)) {
      const keys = [...new Set([...now.keys(), ...was.keys()])];
      return keys.flatMap((k) => jsonDifferences(was.get(k), now.get(k), elementPath(path, k)));
    }
  }
  return [{ path, before, after }];
}
