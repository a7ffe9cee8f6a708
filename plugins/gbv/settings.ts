import type { JsonSchema } from '@app/plugin-sdk';

/** What a pack gives the plugin (pack.json `plugins[].settings`), defaults filled in by the platform. */
export interface GbvSettings {
  /** Roles whose holders are trained in GBV case management: only they see incident details, record incidents and consent, refer. */
  trainedRoles: string[];
  /** Purposes a survivor consents to (or refuses), per incident. */
  consentPurposes: string[];
  /** How consent may be given. */
  consentMethods: string[];
  /** Services an incident may be referred to. */
  serviceTypes: string[];
  /** Service type → the consent purpose a referral to it needs; a service type not listed needs the purpose of the same id. */
  referralPurposes: Record<string, string>;
  /** Labels of the pack's own purposes, methods and service types, by id, in the pack's languages (the defaults have theirs). */
  labels?: Record<string, Record<string, string>>;
}

export const DEFAULT_CONSENT_PURPOSES = ['health', 'psychosocial', 'legal', 'safety', 'police', 'data_sharing'];
export const DEFAULT_CONSENT_METHODS = ['verbal', 'written', 'thumbprint', 'electronic'];
export const DEFAULT_SERVICE_TYPES = ['health', 'psychosocial', 'legal', 'safety', 'police'];

const ID = { type: 'string', pattern: '^[a-z][a-z0-9_]*$' };
const idList = (description: string, defaults?: string[]): JsonSchema => ({
  type: 'array',
  description,
  minItems: 1,
  uniqueItems: true,
  items: ID,
  ...(defaults ? { default: defaults } : {}),
});

export const GBV_SETTINGS_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['trainedRoles'],
  properties: {
    // No default: which staff are GBV-trained is the pack's decision, never the plugin's.
    trainedRoles: idList('roles (roles.json ids) trained in GBV case management; only they see incident details, record incidents and consent, and refer'),
    consentPurposes: idList('purposes of survivor consent, recorded per incident', DEFAULT_CONSENT_PURPOSES),
    consentMethods: idList('how consent may be given', DEFAULT_CONSENT_METHODS),
    serviceTypes: idList('services an incident may be referred to', DEFAULT_SERVICE_TYPES),
    referralPurposes: {
      type: 'object',
      description: 'service type → consent purpose a referral needs (default: the purpose of the same id)',
      propertyNames: { pattern: '^[a-z][a-z0-9_]*$' },
      additionalProperties: ID,
      default: {},
    },
    labels: {
      type: 'object',
      description: "labels of the pack's own purposes, methods and service types: id → { locale: text }",
      propertyNames: { pattern: '^[a-z][a-z0-9_]*$' },
      additionalProperties: { type: 'object', minProperties: 1, additionalProperties: { type: 'string', minLength: 1 } },
      default: {},
    },
  },
  additionalProperties: false,
};

/** Whether any of the user's roles is one the pack marks as GBV-trained. */
export function isTrained(userRoles: readonly string[], settings: Pick<GbvSettings, 'trainedRoles'>): boolean {
  return userRoles.some((r) => settings.trainedRoles.includes(r));
}

/** The consent purpose a referral to `serviceType` needs. */
export function referralPurpose(serviceType: string, settings: Pick<GbvSettings, 'referralPurposes'>): string {
  const mapped = settings.referralPurposes ?? {};
  return Object.prototype.hasOwnProperty.call(mapped, serviceType) ? mapped[serviceType] : serviceType;
}

/**
 * What the settings schema cannot say: every service type must lead to a consent purpose (else no
 * referral to it could ever be made), and the map may only name service types.
 */
export function settingsProblems(settings: GbvSettings): string[] {
  const problems: string[] = [];
  for (const type of settings.serviceTypes) {
    const purpose = referralPurpose(type, settings);
    if (!settings.consentPurposes.includes(purpose)) {
      problems.push(`service type "${type}" needs consent purpose "${purpose}", which is not in consentPurposes`);
    }
  }
  for (const type of Object.keys(settings.referralPurposes ?? {})) {
    if (!settings.serviceTypes.includes(type)) problems.push(`referralPurposes maps "${type}", which is not in serviceTypes`);
  }
  return problems;
}
