/**
 * What rules may ask the plugin about a case (`{"plugin_fact": "adoption-matching.<name>"}`): the
 * fragment's `complete_adoption` guard reads `approved_match`.
 */
import type { PluginFact } from '@app/plugin-sdk';
import type { AdoptionMatchingSettings } from './settings';

export const facts: Record<string, PluginFact<AdoptionMatchingSettings>> = {
  approved_match: {
    description: 'The adoption panel has approved a match of the child with a family (and it has not been withdrawn).',
    async load(ctx) {
      const rows = await ctx.db.query("SELECT 1 FROM matches WHERE case_id = $1 AND status = 'approved' LIMIT 1", [ctx.caseId]);
      return rows.length > 0;
    },
  },
};
