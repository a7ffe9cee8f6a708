import type { PluginDefinition } from '@app/plugin-sdk';
import { adoptionMatchingPlugin } from './adoption-matching';
import { familyTracingPlugin } from './family-tracing';
import { gbvPlugin } from './gbv';

/**
 * The plugins installed in this deployment. Installing one is adding it here; a pack then enables
 * it by id (pack.json `plugins`). A plugin no pack enables contributes nothing.
 */
export const INSTALLED_PLUGINS: ReadonlyArray<PluginDefinition<any>> = [gbvPlugin, adoptionMatchingPlugin, familyTracingPlugin];
