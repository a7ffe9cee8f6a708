import * as path from 'path';
import { PackFiles, readPackDir } from './pack-files';

/** Test fixtures shipped in test/fixtures/packs (mini is a small valid pack). */
export const FIXTURE_PACKS = path.resolve(__dirname, '../../../test/fixtures/packs');

let mini: PackFiles | null = null;

/** A fresh deep copy of the mini pack's files map, optionally changed by `mutate`. */
export async function miniFiles(mutate?: (files: Record<string, any>) => void): Promise<PackFiles> {
  mini ??= await readPackDir(path.join(FIXTURE_PACKS, 'mini'));
  const copy = JSON.parse(JSON.stringify(mini));
  mutate?.(copy);
  return copy;
}
