import type { PackFiles, ValidatePackOptions } from '@app/sop';

/** Provided by the plugin host: what installed plugins add to the packs that enable them. */
export const PACK_EXTENSIONS = Symbol('PACK_EXTENSIONS');

export interface PackExtensions {
  /** The files with `plugins/<id>.json` for each installed plugin the pack enables (any other `plugins/` file dropped). */
  attach(files: PackFiles): PackFiles;
  /** Validation and engine options (effects, rule operators, field types) for a pack enabling these plugins. */
  validateOptions(pluginIds: string[]): ValidatePackOptions;
}
