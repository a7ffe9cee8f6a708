import type { JsonSchema } from '@app/plugin-sdk';

/** What a pack sets in `plugins[{ id: 'family-tracing', settings }]`. */
export interface FamilyTracingSettings {
  /** Case types whose children are indexed for tracing. */
  caseTypes: string[];
  /** `form.field` answer that marks a child as separated; absent: every child of `caseTypes` is indexed. */
  separatedField?: string;
  /** security.json consent purpose a child's case needs before the child is proposed. */
  consentPurpose: string;
  /**
   * pg_trgm similarity from which a name is a candidate (besides a shared phonetic key). At least 0.3:
   * the GIN pre-filter uses `%`, whose threshold (pg_trgm.similarity_threshold, 0.3) the plugin cannot lower.
   */
  nameSimilarityThreshold: number;
  /** Candidates scoring below this are not proposed. */
  minScore: number;
  /** Proposed candidates kept per request (best first). */
  maxCandidates: number;
  /** Ages further apart than this many years exclude a candidate. */
  ageToleranceYears: number;
  /** Names of the location levels from the root down (e.g. country, district, community), for the reasons' wording. */
  locationLevels: string[];
  /** Roles told (inbox and channels) when a recorded request proposes a child of a case they may read; none by default. */
  notifyRoles: string[];
}

export const DEFAULT_SETTINGS: FamilyTracingSettings = {
  caseTypes: ['child_protection'],
  consentPurpose: 'tracing',
  nameSimilarityThreshold: 0.3,
  minScore: 0.4,
  maxCandidates: 25,
  ageToleranceYears: 2,
  locationLevels: [],
  notifyRoles: [],
};

export const settingsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    caseTypes: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', minLength: 1 },
      default: DEFAULT_SETTINGS.caseTypes,
      description: 'case types whose children are indexed for tracing',
    },
    separatedField: {
      type: 'string',
      pattern: '^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$',
      description: 'form.field answer that must be true for a child to be indexed (absent: every child of caseTypes)',
    },
    consentPurpose: {
      type: 'string',
      minLength: 1,
      default: DEFAULT_SETTINGS.consentPurpose,
      description: 'consent purpose (security.json) needed before a child is proposed',
    },
    nameSimilarityThreshold: {
      type: 'number',
      minimum: 0.3,
      maximum: 1,
      default: DEFAULT_SETTINGS.nameSimilarityThreshold,
      description: "name similarity (pg_trgm) from which a child is a candidate; 0.3 at least (pg_trgm's own threshold)",
    },
    minScore: { type: 'number', minimum: 0, maximum: 1, default: DEFAULT_SETTINGS.minScore },
    maxCandidates: { type: 'integer', minimum: 1, maximum: 100, default: DEFAULT_SETTINGS.maxCandidates },
    ageToleranceYears: { type: 'integer', minimum: 0, maximum: 18, default: DEFAULT_SETTINGS.ageToleranceYears },
    locationLevels: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: DEFAULT_SETTINGS.locationLevels,
      description: 'names of the location levels from the root down, as the reasons word them (e.g. ["country", "district", "community"])',
    },
    notifyRoles: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', minLength: 1 },
      default: DEFAULT_SETTINGS.notifyRoles,
      description: 'roles told when a newly recorded request proposes a child of a case they may read',
    },
  },
};

/** The host fills defaults in; this keeps the code safe if a value is missing anyway. */
export function resolveSettings(given: Partial<FamilyTracingSettings> | undefined): FamilyTracingSettings {
  const out = { ...DEFAULT_SETTINGS };
  for (const [k, v] of Object.entries(given ?? {})) if (v !== undefined && v !== null) (out as any)[k] = v;
  return out;
}
