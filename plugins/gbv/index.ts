import { definePlugin, type FormDef } from '@app/plugin-sdk';
import { GBV_PROBLEMS } from './problems';
import incidentForm from './forms/gbv_incident.v1.json';
import { GBV_MIGRATIONS } from './migrations';
import { consentRoutes } from './routes/consents';
import { incidentRoutes } from './routes/incidents';
import { referralRoutes } from './routes/referrals';
import { gbvScreens } from './screens';
import { GBV_SETTINGS_SCHEMA, type GbvSettings } from './settings';

export type { GbvSettings } from './settings';

/**
 * Gender-based violence incident management, survivor-centred: GBVIMS incidents linked to the
 * survivor's case, consent per purpose and per incident, referrals that need that consent. Stricter
 * than child protection: details only for GBV-trained roles, no names in lists, nothing identifying
 * in events, audit entries or indicators. See README.md.
 */
export const gbvPlugin = definePlugin<GbvSettings>({
  id: 'gbv',
  version: '1.0.0',
  sdk: '^1.0.0',
  name: {
    en: 'Gender-based violence incident management',
    fr: 'Gestion des incidents de violence basée sur le genre',
    ro: 'Gestionarea incidentelor de violență bazată pe gen',
    ar: 'إدارة حوادث العنف القائم على النوع الاجتماعي',
  },
  description: "GBVIMS incidents linked to the survivor's case, survivor consent per purpose, referrals that require it; details for GBV-trained staff only.",
  settingsSchema: GBV_SETTINGS_SCHEMA,
  forms: [incidentForm as FormDef],
  subjects: { gbv_incident: ['read', 'record', 'consent', 'refer'] },
  indicators: [
    {
      id: 'gbv_incidents_recorded',
      kind: 'count',
      of: 'events',
      events: ['gbv.incident_recorded'],
      label: {
        en: 'GBV incidents recorded',
        fr: 'Incidents de VBG enregistrés',
        ro: 'Incidente de violență bazată pe gen înregistrate',
        ar: 'حوادث العنف القائم على النوع الاجتماعي المسجّلة',
      },
      description: {
        en: 'Incidents recorded in the period (counts only: no incident detail is reported).',
        fr: 'Incidents enregistrés sur la période (décompte seulement : aucun détail des incidents).',
        ro: 'Incidente înregistrate în perioadă (doar numărul: fără detalii despre incidente).',
        ar: 'الحوادث المسجّلة خلال الفترة (العدد فقط: لا تُذكر أي تفاصيل عن الحوادث).',
      },
    },
  ],
  migrations: GBV_MIGRATIONS,
  routes: [...incidentRoutes, ...consentRoutes, ...referralRoutes],
  screens: gbvScreens,
  events: {
    incident_recorded: {
      en: 'GBV incident recorded',
      fr: 'Incident de VBG enregistré',
      ro: 'Incident de violență bazată pe gen înregistrat',
      ar: 'تسجيل حادثة عنف قائم على النوع الاجتماعي',
    },
  },
  problems: GBV_PROBLEMS,
});

export default gbvPlugin;
