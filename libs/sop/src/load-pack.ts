import type { SopPack } from '@app/pack-types';
import { PackFiles, readPackDir } from './pack-files';
import { PackInvalidError } from './pack-issue';
import { validatePack, ValidatePackOptions } from './validate-pack';

/** Validates a files map (e.g. a published version loaded from the database); throws PackInvalidError on any error. */
export function packFromFiles(files: PackFiles, options: ValidatePackOptions = {}): SopPack {
  const { pack, issues } = validatePack(files, options);
  const errors = issues.filter((i) => i.severity === 'error');
  if (!pack || errors.length > 0) throw new PackInvalidError(errors);
  return pack;
}

/** Reads and validates a pack directory; throws PackInvalidError on any error. */
export async function loadPackDir(dir: string, options: ValidatePackOptions = {}): Promise<SopPack> {
  return packFromFiles(await readPackDir(dir), options);
}
