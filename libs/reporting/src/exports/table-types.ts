/** A cell of an exported table. */
export type Cell = string | number | null;

/**
 * One table written to a stream, batch by batch: a header row, rows, then notes below the table
 * (an indicator's footnotes). Every call resolves once the destination has room again, so the
 * caller fetches the next batch only then, and memory stays at about one batch whatever the size.
 */
export interface TableWriter {
  header(labels: string[]): Promise<void>;
  rows(rows: Cell[][]): Promise<void>;
  notes(lines: string[]): Promise<void>;
  end(): Promise<void>;
}
