/**
 * Where a Handlebars syntax error is. Structural errors (`each doesn't match with`) carry a location;
 * the generated parser only prints "Parse error on line N:" with an excerpt and a caret, so the column
 * is found by matching that excerpt against the source.
 */

export interface SourcePosition {
  line?: number;
  /** 1-based. */
  column?: number;
}

/** The first line of the message, without the excerpt and the caret line. */
export function parseErrorReason(e: any): string {
  const message = String(e?.message ?? e);
  const m = /^(?:Parse|Lexical) error on line \d+[:.][^\n]*\n[^\n]*\n-*\^\n?([\s\S]*)$/.exec(message);
  if (m) return m[1].trim() || 'syntax error';
  // Handlebars appends " - line:column" to located errors; the position is reported separately.
  return message.replace(/ - \d+:\d+$/, '');
}

export function parseErrorPosition(source: string, e: any): SourcePosition {
  if (typeof e?.lineNumber === 'number') {
    return { line: e.lineNumber, column: typeof e.column === 'number' ? e.column + 1 : undefined };
  }
  const message = String(e?.message ?? '');
  const m = /^(?:Parse|Lexical) error on line (\d+)[:.][^\n]*\n([^\n]*)\n(-*)\^/.exec(message);
  if (!m) return {};
  const line = Number(m[1]);
  const excerpt = m[2];
  const pre = excerpt.slice(0, m[3].length);
  const upcoming = excerpt.slice(m[3].length).replace(/\.\.\.$/, '');
  // The parser shows the last 20 characters before the failing token and up to 20 from it, newlines removed.
  const shownBefore = (o: number) => (o > 20 ? '...' : '') + source.slice(Math.max(0, o - 20), o).replace(/\n/g, '');
  let fallback: SourcePosition = { line };
  for (let o = 0; o <= source.length; o++) {
    if (shownBefore(o) !== pre) continue;
    if (source.slice(o, o + 20).replace(/\n/g, '') !== upcoming) continue;
    const before = source.slice(0, o);
    const at = { line: before.split('\n').length, column: o - before.lastIndexOf('\n') };
    if (at.line === line) return at;
    fallback = at;
  }
  return fallback;
}
