import * as path from 'node:path';
import { PluginCatalogue, validateWithPlugins } from '@app/plugin-host';
import { PackFiles, PackInvalidError, readPackDir, ValidatePackResult } from '@app/sop';
import type { SopPack } from '@app/pack-types';
import { INSTALLED_PLUGINS } from '../../plugins';

export const MOLDOVA_DIR = path.resolve(__dirname, '../../sops/moldova');
const catalogue = new PluginCatalogue(INSTALLED_PLUGINS);

/** The reference pack's files as the platform reads them: with what the installed plugins it enables contribute. */
export async function moldovaFiles(): Promise<PackFiles> {
  return catalogue.attach(await readPackDir(MOLDOVA_DIR));
}

/** Validates (changed) pack files with the installed plugins, as publishing does. */
export function validateWithInstalledPlugins(files: PackFiles): ValidatePackResult {
  return validateWithPlugins(files, catalogue);
}

/** The validated reference pack; throws PackInvalidError on any error. */
export async function loadMoldova(): Promise<SopPack> {
  const { pack, issues } = validateWithInstalledPlugins(await moldovaFiles());
  const errors = issues.filter((i) => i.severity === 'error');
  if (!pack || errors.length) throw new PackInvalidError(errors);
  return pack;
}
