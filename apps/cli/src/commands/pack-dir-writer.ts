import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PACK_FILES, readPackDir, TEMPLATES_DIR, type PackFiles } from '@app/sop';

const FORM_FILE = /^forms\/([^/]+)$/;

/** Where a files map's forms go: pack.json `formsDir` (relative to the pack directory, as readPackDir reads it), else `forms/` inside it. */
function formsDirOf(dir: string, files: PackFiles): string {
  const declared = (files['pack.json'] as { formsDir?: unknown } | undefined)?.formsDir;
  return typeof declared === 'string' && declared ? path.resolve(dir, declared) : path.join(dir, 'forms');
}

/** The file a name of the files map is written to; null for what the installation supplies (`plugins/`). */
export function packFilePath(dir: string, files: PackFiles, name: string): string | null {
  if (name.startsWith('plugins/')) return null;
  const form = FORM_FILE.exec(name);
  const target = form ? path.join(formsDirOf(dir, files), form[1]) : path.resolve(dir, name);
  // A name climbing out of the directory (`../x`) is never written.
  if (!form && !target.startsWith(path.resolve(dir) + path.sep)) throw new Error(`refusing to write ${name} outside ${dir}`);
  return target;
}

/**
 * Writes a files map as a pack directory that readPackDir reads back as the same map: JSON files
 * indented, templates as text, forms where pack.json's `formsDir` points. Files readPackDir would
 * read that the map no longer has (a removed optional file or template) are deleted. Returns the
 * files written.
 */
export async function writePackDir(dir: string, files: PackFiles): Promise<string[]> {
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const target = packFilePath(dir, files, name);
    if (!target) continue;
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, typeof content === 'string' && name.startsWith(`${TEMPLATES_DIR}/`) ? content : JSON.stringify(content, null, 2) + '\n');
    written.push(target);
  }
  const stale = Object.keys(await readPackDir(dir).catch(() => ({}))).filter(
    (name) => !(name in files) && (name.startsWith(`${TEMPLATES_DIR}/`) || PACK_FILES.some((f) => f.file === name)),
  );
  for (const name of stale) await fs.rm(path.resolve(dir, name));
  return written;
}
