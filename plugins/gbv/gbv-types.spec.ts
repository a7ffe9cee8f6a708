import form from './forms/gbv_incident.v1.json';
import { GBV_TYPE_LABELS, GBV_TYPES, gbvTypeLabel, isGbvType } from './gbv-types';

describe('GBVIMS classification list', () => {
  it('holds the six GBVIMS types in the order of the classification tool', () => {
    expect(GBV_TYPES).toEqual(['rape', 'sexual_assault', 'physical_assault', 'forced_marriage', 'denial_of_resources', 'psychological_emotional_abuse']);
  });

  it('is exactly what the incident form offers', () => {
    expect(form.schema.properties.incident_type.enum).toEqual([...GBV_TYPES]);
  });

  it('labels every type in the Moldova pack locales', () => {
    for (const t of GBV_TYPES) expect(Object.keys(GBV_TYPE_LABELS[t]).sort()).toEqual(['ar', 'en', 'fr', 'ro']);
  });

  it('recognises types and labels them in the locale, English otherwise', () => {
    expect(isGbvType('forced_marriage')).toBe(true);
    expect(isGbvType('trafficking')).toBe(false);
    expect(isGbvType(undefined)).toBe(false);
    expect(gbvTypeLabel('rape', 'fr')).toBe('Viol');
    expect(gbvTypeLabel('sexual_assault', 'ro')).toBe('Agresiune sexuală');
    expect(gbvTypeLabel('physical_assault', 'ar')).toBe('اعتداء جسدي');
    expect(gbvTypeLabel('physical_assault', 'de')).toBe('Physical assault');
    expect(gbvTypeLabel('other', 'en')).toBeNull();
  });
});

describe('the gbv_incident form', () => {
  const props = form.schema.properties as Record<string, Record<string, any>>;

  it('marks who did it and what happened as sensitive', () => {
    const sensitive = Object.keys(props)
      .filter((k) => props[k]['x-sensitive'] === true)
      .sort();
    expect(sensitive).toEqual(['alleged_perpetrator_age_group', 'alleged_perpetrator_relationship', 'narrative']);
  });

  it('labels every field in en, fr, ro and ar and uses only the annotations packs allow', () => {
    for (const [name, p] of Object.entries(props)) {
      expect([name, Object.keys(p['x-label']).sort()]).toEqual([name, ['ar', 'en', 'fr', 'ro']]);
      const annotations = Object.keys(p).filter((k) => k.startsWith('x-'));
      for (const a of annotations) expect(['x-label', 'x-sensitive', 'x-help', 'x-optionList', 'x-enumLabels']).toContain(a);
      // Options are shown by their label, never their code: each one labelled in every language.
      for (const value of p.enum ?? [])
        expect([name, value, Object.keys(p['x-enumLabels']?.[value] ?? {}).sort()]).toEqual([name, value, ['ar', 'en', 'fr', 'ro']]);
    }
  });

  it('requires the type and the dates, and is closed', () => {
    expect(form.schema.required).toEqual(['incident_type', 'incident_date', 'date_reported']);
    expect(form.schema.additionalProperties).toBe(false);
    expect(form.uiSchema['ui:order'].sort()).toEqual(Object.keys(props).sort());
  });
});
