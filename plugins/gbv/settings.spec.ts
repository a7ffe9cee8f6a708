import {
  DEFAULT_CONSENT_PURPOSES,
  DEFAULT_SERVICE_TYPES,
  GBV_SETTINGS_SCHEMA,
  isTrained,
  referralPurpose,
  settingsProblems,
  type GbvSettings,
} from './settings';

const base: GbvSettings = {
  trainedRoles: ['gbv_caseworker'],
  consentPurposes: [...DEFAULT_CONSENT_PURPOSES],
  consentMethods: ['verbal', 'written'],
  serviceTypes: [...DEFAULT_SERVICE_TYPES],
  referralPurposes: {},
};

describe('settings', () => {
  it('requires the pack to name its trained roles (at least one, no default)', () => {
    const s = GBV_SETTINGS_SCHEMA as any;
    expect(s.required).toEqual(['trainedRoles']);
    expect(s.properties.trainedRoles.minItems).toBe(1);
    expect(s.properties.trainedRoles.default).toBeUndefined();
  });

  it('defaults the consent purposes to health, psychosocial, legal, safety, police, data sharing', () => {
    expect((GBV_SETTINGS_SCHEMA as any).properties.consentPurposes.default).toEqual(['health', 'psychosocial', 'legal', 'safety', 'police', 'data_sharing']);
  });

  it('knows trained users by any of their roles', () => {
    expect(isTrained(['caseworker', 'gbv_caseworker'], base)).toBe(true);
    expect(isTrained(['caseworker', 'supervisor'], base)).toBe(false);
    expect(isTrained([], base)).toBe(false);
  });
});

describe('the consent purpose a referral needs', () => {
  it('is the service type itself unless the settings map it', () => {
    expect(referralPurpose('health', base)).toBe('health');
    const mapped = { ...base, serviceTypes: ['health_care', 'police'], referralPurposes: { health_care: 'health' } };
    expect(referralPurpose('health_care', mapped)).toBe('health');
    expect(referralPurpose('police', mapped)).toBe('police');
  });

  it('does not read inherited keys as a mapping', () => {
    expect(referralPurpose('constructor', base)).toBe('constructor');
  });

  it('finds settings under which a service could never be referred to', () => {
    expect(settingsProblems(base)).toEqual([]);
    const bad = { ...base, serviceTypes: ['shelter', 'health'], referralPurposes: { health: 'medical', legal: 'legal' } };
    expect(settingsProblems(bad)).toEqual([
      'service type "shelter" needs consent purpose "shelter", which is not in consentPurposes',
      'service type "health" needs consent purpose "medical", which is not in consentPurposes',
      'referralPurposes maps "legal", which is not in serviceTypes',
    ]);
  });
});
