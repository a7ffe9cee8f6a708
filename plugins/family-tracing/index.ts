/**
 * Family tracing: relatives' requests to find a separated child, matched against the registered
 * children (fuzzy names, phonetic keys, age, sex, location), proposed only where the child's tracing
 * consent is granted, and confirmed or rejected by a caseworker who may read the child's case.
 * See README.md.
 */
import { definePlugin, FormDef } from '@app/plugin-sdk';
import { TRACING_PROBLEMS } from './problems';
import requestForm from './forms/family_tracing_request.v1.json';
import { indexChild } from './indexing';
import { rematchOpenRequests } from './matching';
import { migrations } from './migrations';
import { matchRoutes } from './routes/matches';
import { requestRoutes } from './routes/requests';
import { familyTracingScreens } from './screens';
import { FamilyTracingSettings, resolveSettings, settingsSchema } from './settings';
import { templates } from './templates';

export type { FamilyTracingSettings } from './settings';

export const familyTracingPlugin = definePlugin<FamilyTracingSettings>({
  id: 'family-tracing',
  version: '1.0.0',
  sdk: '^1.0.0',
  name: { en: 'Family tracing', fr: 'Recherche familiale', ro: 'Căutarea familiei', ar: 'البحث عن الأسرة' },
  description: "Relatives' tracing requests matched against registered separated children, with explained scores and caseworker decisions.",
  settingsSchema,
  forms: [requestForm as unknown as FormDef],
  templates,
  subjects: {
    tracing_request: ['read', 'record'],
    tracing_match: ['read', 'decide'],
  },
  indicators: [
    {
      id: 'family_tracing_matches_confirmed',
      label: {
        en: 'Family tracing matches confirmed',
        fr: 'Correspondances de recherche familiale confirmées',
        ro: 'Potriviri confirmate în căutarea familiei',
        ar: 'المطابقات المؤكَّدة في البحث عن الأسرة',
      },
      description: {
        en: 'Children matched with a relative who was looking for them',
        fr: 'Enfants retrouvés par un proche qui les recherchait',
        ro: 'Copii găsiți de o rudă care îi căuta',
        ar: 'أطفال عثر عليهم أحد أقاربهم الذي كان يبحث عنهم',
      },
      kind: 'count',
      of: 'events',
      events: ['family-tracing.match_confirmed'],
    },
  ],
  // Every event that can change who belongs in the index or what it holds (name, birth date, sex, place).
  // The index follows the case's name, birth date, sex, place and answers: a registration (whose start
  // form is always submitted with it, so `case_registered` would index the child a second time in the
  // same transaction), a correction of a completed form, consent and a transfer.
  hooks: ['form_submitted', 'form_updated', 'consent_recorded', 'transfer_accepted'].map((event) => ({ event, run: indexChild })),
  migrations,
  routes: [...requestRoutes, ...matchRoutes],
  screens: familyTracingScreens(),
  events: {
    match_confirmed: {
      en: 'Family tracing match confirmed',
      fr: 'Correspondance de recherche familiale confirmée',
      ro: 'Potrivire confirmată în căutarea familiei',
      ar: 'تأكيد مطابقة في البحث عن الأسرة',
    },
  },
  problems: TRACING_PROBLEMS,
  jobs: [
    {
      id: 'rematch_open_requests',
      everyMinutes: 60,
      async run(ctx) {
        const settings = resolveSettings(ctx.settings);
        const { requests, proposed } = await rematchOpenRequests({ db: ctx.db, locations: ctx.locations, settings, now: ctx.now });
        if (proposed > 0) await ctx.audit.record('rematch_run', { details: { requests, proposed } });
      },
    },
  ],
});

export default familyTracingPlugin;
