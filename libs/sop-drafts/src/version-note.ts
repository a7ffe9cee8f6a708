/** The longest note a published version keeps (the publish endpoint's limit). */
export const VERSION_NOTE_MAX = 500;

/**
 * The version note of a published draft: its number, what it started from, how many changes and by
 * whom (most changes first), then the publisher's own words; cut to VERSION_NOTE_MAX characters.
 */
export function versionNote(
  draft: { id: number; baseVersion: number | null },
  changes: ReadonlyArray<{ kind: string; changedByName: string }>,
  note?: string,
): string {
  const edits = changes.filter((c) => c.kind !== 'created');
  const by = new Map<string, number>();
  for (const c of edits) by.set(c.changedByName, (by.get(c.changedByName) ?? 0) + 1);
  const authors = [...by.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, n]) => `${name} (${n})`)
    .join(', ');
  const from = draft.baseVersion === null ? 'uploaded files' : `version ${draft.baseVersion}`;
  const summary = `Draft ${draft.id} from ${from}: ${edits.length} change${edits.length === 1 ? '' : 's'}${authors ? ` by ${authors}` : ''}.`;
  const text = note?.trim() ? `${summary} ${note.trim()}` : summary;
  return text.length > VERSION_NOTE_MAX ? `${text.slice(0, VERSION_NOTE_MAX - 1)}…` : text;
}
