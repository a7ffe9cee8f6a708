import type { JsonSchema } from '@app/plugin-sdk';

export const CRITERION_IDS = ['age', 'siblings', 'special_needs', 'language', 'distance'] as const;
export type CriterionId = (typeof CRITERION_IDS)[number];

export interface CriterionSetting {
  id: CriterionId;
  weight: number;
}

/** What a pack gives the plugin in `plugins[].settings` (defaults filled in by the pack loader). */
export interface AdoptionMatchingSettings {
  /** Steps a case may be referred for adoption from (fragment transition `refer_for_adoption`). */
  fromSteps: string[];
  /** Roles performing the fragment's transitions. */
  caseworkerRoles: string[];
  /** Where `leave_adoption` takes the case back to. */
  returnStep: string;
  /** Roles told when a match is proposed (the adoption panel). */
  panelRoles: string[];
  /** The step where matching happens (the fragment's step takes this id). */
  adoptionStep: string;
  /** `form.field` answer holding the child's date of birth. */
  childDateOfBirth: string;
  /** Weighted criteria of the ranking. */
  criteria: CriterionSetting[];
  /** IANA time zone in which "today" is taken when computing the child's age (the pack's). */
  timeZone: string;
  /** Refuse `complete_adoption` while the child has no approved match (the fragment's guard, fact `approved_match`). */
  requireApprovedMatch: boolean;
}

const roleList = (description: string): JsonSchema => ({
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { type: 'string', minLength: 1 },
  description,
});

/** Each criterion at most once (a second `age` entry would silently double its weight). */
const atMostOnce = CRITERION_IDS.map((id) => ({
  contains: { type: 'object', properties: { id: { const: id } }, required: ['id'] },
  minContains: 0,
  maxContains: 1,
}));

export const settingsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['fromSteps', 'caseworkerRoles', 'returnStep', 'panelRoles', 'criteria'],
  properties: {
    fromSteps: roleList('Step ids from which a case may be referred for adoption.'),
    caseworkerRoles: roleList('Roles that refer a case for adoption, complete it or take it out of the adoption step.'),
    returnStep: { type: 'string', minLength: 1, description: 'Step a case returns to when it leaves the adoption step without an adoption.' },
    panelRoles: roleList('Roles notified when a match is proposed (the adoption panel).'),
    adoptionStep: { type: 'string', minLength: 1, default: 'adoption', description: 'Id of the adoption step.' },
    childDateOfBirth: {
      type: 'string',
      pattern: '^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$',
      default: 'registration.date_of_birth',
      description: "The `form.field` answer holding the child's date of birth.",
    },
    criteria: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'weight'],
        properties: {
          id: { type: 'string', enum: [...CRITERION_IDS] },
          weight: { type: 'number', exclusiveMinimum: 0, maximum: 1000 },
        },
      },
      allOf: atMostOnce,
      description: 'Weighted matching criteria; each id at most once.',
    },
    timeZone: { type: 'string', minLength: 1, default: 'UTC', description: 'IANA time zone for "today" when computing ages (use the pack\'s).' },
    requireApprovedMatch: { type: 'boolean', default: true, description: 'Refuse complete_adoption while the child has no approved match.' },
  },
};
