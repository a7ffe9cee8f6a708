/**
 * Keeps matches in step with the case's workflow. The fragment's transition ids are fixed
 * (`complete_adoption`, `leave_adoption`), so the hooks key on them rather than on step ids.
 * Completing an adoption without an approved match is refused by the fragment's guard (fact
 * `approved_match`), before anything is written.
 */
import type { PluginHook } from '@app/plugin-sdk';
import { withdrawMatches } from './repository';
import type { AdoptionMatchingSettings } from './settings';

export const COMPLETE_TRANSITION = 'complete_adoption';
export const LEAVE_TRANSITION = 'leave_adoption';

export const hooks: PluginHook<AdoptionMatchingSettings>[] = [
  {
    event: 'transition_performed',
    async run(ctx) {
      const transition = ctx.event.data.transition;
      const caseId = ctx.event.caseId;
      if (transition === LEAVE_TRANSITION) {
        // The child leaves the adoption track: open proposals and an approved match no longer stand.
        const ids = await withdrawMatches(ctx.db, caseId, { statuses: ['proposed', 'approved'], reason: 'case_left_adoption', at: ctx.now });
        if (ids.length) await ctx.audit.record('matches_withdrawn', { caseId, details: { matchIds: ids, reason: 'case_left_adoption' } });
      }
    },
  },
];
