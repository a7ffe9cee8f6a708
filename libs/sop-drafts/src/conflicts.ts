import { pointersOverlap } from './json-pointer';
import type { PatchOperation } from './json-patch';

/** A change accepted after the revision an edit was based on: what it touched and who made it. */
export interface LaterChange {
  revision: number;
  touched: readonly string[];
  changedBy: string;
  changedByName: string;
  changedAt: string;
}

/** A path of the refused edit, the later change that touched it (or its parent or child), and who made that change. */
export interface EditConflict {
  path: string;
  changedPath: string;
  revision: number;
  changedBy: string;
  changedByName: string;
  changedAt: string;
}

/** The pointers an edit reads or writes, as sent (indices of the revision it was based on). */
export function pathsOf(operations: readonly PatchOperation[]): string[] {
  return [...new Set(operations.flatMap((o) => ('from' in o ? [o.from, o.path] : [o.path])))];
}

/**
 * Whether an edit based on an older revision may still be applied: it may when none of the
 * changes since touched one of its paths, a parent or a child of one (each conflict listed, the
 * earliest change first); an empty answer means the edit goes on the newest revision.
 */
export function findConflicts(paths: readonly string[], since: readonly LaterChange[]): EditConflict[] {
  const out: EditConflict[] = [];
  for (const path of paths) {
    const change = [...since].sort((a, b) => a.revision - b.revision).find((c) => c.touched.some((t) => pointersOverlap(t, path)));
    if (!change) continue;
    const changedPath = change.touched.find((t) => pointersOverlap(t, path))!;
    out.push({ path, changedPath, revision: change.revision, changedBy: change.changedBy, changedByName: change.changedByName, changedAt: change.changedAt });
  }
  return out;
}
