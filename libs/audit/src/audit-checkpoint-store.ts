import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = /^audit-checkpoint-(\d{8}T\d{6}\d{3}Z)-[0-9a-f]{8}\.json$/;

/** A checkpoint file as found in the directory. */
export interface StoredCheckpoint {
  file: string;
  text: string;
}

/**
 * Checkpoint files in one directory, one file per checkpoint, named by the time written so that the
 * newest sorts last. Files are written whole (temporary name, then rename) and never changed: a
 * directory on append-only or remote storage keeps them out of reach of whoever controls the database.
 */
export class AuditCheckpointStore {
  constructor(readonly dir: string) {}

  async write(writtenAt: Date, text: string): Promise<string> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const stamp = writtenAt.toISOString().replace(/[-:.]/g, '');
    const name = `audit-checkpoint-${stamp}-${randomBytes(4).toString('hex')}.json`;
    const temporary = join(this.dir, `.${name}.tmp`);
    await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
    await rename(temporary, join(this.dir, name));
    return join(this.dir, name);
  }

  /** The newest checkpoint file (by the time in its name), or null when there is none or no directory. */
  async latest(): Promise<StoredCheckpoint | null> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    const newest = names
      .filter((n) => FILE.test(n))
      .sort()
      .pop();
    if (!newest) return null;
    const file = join(this.dir, newest);
    return { file, text: await readFile(file, 'utf8') };
  }
}
