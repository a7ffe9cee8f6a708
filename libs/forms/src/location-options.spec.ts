import type { FormDef, LocationsDef } from '@app/pack-types';
import { FormCatalogue, locationOptions } from '@app/forms';

// Two villages called Sireți, in different districts: only the parent tells them apart.
const LOCATIONS: LocationsDef = {
  levels: ['country', 'district', 'community'],
  root: {
    code: 'MD',
    name: { en: 'Moldova', ro: 'Republica Moldova', ar: 'مولدوفا' },
    level: 'country',
    children: [
      {
        code: 'CH',
        name: { en: 'Chișinău', ro: 'municipiul Chișinău', ar: 'كيشيناو' },
        level: 'district',
        children: [{ code: 'CH01', name: { en: 'Sireți', ro: 'satul Sireți', ar: 'سيريتس' }, level: 'community' }],
      },
      {
        code: 'ST',
        name: { en: 'Strășeni', ro: 'raionul Strășeni' },
        level: 'district',
        children: [{ code: 'ST01', name: { en: 'Sireți', ro: 'comuna Sireți' }, level: 'community' }],
      },
    ],
  },
};

const form = (properties: Record<string, any>): FormDef => ({ id: 'f', version: 1, title: { en: 'F' }, schema: { type: 'object', properties } });
const catalogue = (properties: Record<string, any>, optionLists = {}) =>
  new FormCatalogue({ optionLists, locations: LOCATIONS, forms: [form(properties)], manifest: { defaultLocale: 'ro' } });

describe('the built-in option list of the pack places', () => {
  it('offers every place by code, named with its parent (not the country) in each language', () => {
    expect(locationOptions(LOCATIONS).map((o) => [o.value, o.label.en])).toEqual([
      ['MD', 'Moldova'],
      ['CH', 'Chișinău'],
      ['CH01', 'Sireți (Chișinău)'],
      ['ST', 'Strășeni'],
      ['ST01', 'Sireți (Strășeni)'],
    ]);
    expect(locationOptions(LOCATIONS)[2].label).toEqual({ en: 'Sireți (Chișinău)', ro: 'satul Sireți (municipiul Chișinău)', ar: 'سيريتس (كيشيناو)' });
    // A translation missing for the place or its parent falls back to English for that part only.
    expect(locationOptions(LOCATIONS)[4].label).toEqual({ en: 'Sireți (Strășeni)', ro: 'comuna Sireți (raionul Strășeni)' });
  });

  it('gives clients the places as labelled options in the reader language', () => {
    const forms = catalogue({ place: { type: 'string', 'x-optionList': 'locations' } });
    expect(forms.jsonSchema('f', 'ro')!.properties.place.oneOf).toEqual([
      { const: 'MD', title: 'Republica Moldova' },
      { const: 'CH', title: 'municipiul Chișinău' },
      { const: 'CH01', title: 'satul Sireți (municipiul Chișinău)' },
      { const: 'ST', title: 'raionul Strășeni' },
      { const: 'ST01', title: 'comuna Sireți (raionul Strășeni)' },
    ]);
    // Arabic where written; else the pack default (Romanian), never a bare code.
    expect(forms.jsonSchema('f', 'ar')!.properties.place.oneOf.slice(2, 5)).toEqual([
      { const: 'CH01', title: 'سيريتس (كيشيناو)' },
      { const: 'ST', title: 'raionul Strășeni' },
      { const: 'ST01', title: 'comuna Sireți (raionul Strășeni)' },
    ]);
  });

  it('takes only the code of a place, not its name or an unknown code', () => {
    const forms = catalogue({ place: { type: 'string', 'x-optionList': 'locations' }, places: { type: 'array', 'x-optionList': 'locations' } });
    expect(forms.validate('f', { place: 'CH01', places: ['ST', 'ST01'] }, 'complete')).toEqual([]);
    expect(forms.validate('f', { place: 'Sireți' }, 'draft')).toEqual([{ path: '/place', message: 'must be one of: MD, CH, CH01, ST, ST01', keyword: 'enum' }]);
    expect(forms.validate('f', { places: ['CH', 'XX99'] }, 'draft')).toEqual([{ path: '/places/1', message: 'must be one of: MD, CH, CH01, ST, ST01', keyword: 'enum' }]);
  });

  it('is cut to the levels a field names', () => {
    const forms = catalogue({ place: { type: 'string', 'x-optionList': 'locations', 'x-locationLevels': ['community'] } });
    expect(forms.jsonSchema('f', 'en')!.properties.place.oneOf.map((o: any) => o.const)).toEqual(['CH01', 'ST01']);
    expect(forms.validate('f', { place: 'CH' }, 'draft')).toEqual([{ path: '/place', message: 'must be one of: CH01, ST01', keyword: 'enum' }]);
  });

  it('refuses levels locations.json does not have, and levels without the list of places', () => {
    expect(FormCatalogue.check({ optionLists: {}, locations: LOCATIONS, forms: [form({ p: { type: 'string', 'x-optionList': 'locations', 'x-locationLevels': ['village'] } })] })).toEqual([
      { formId: 'f', version: 1, pointer: '/properties/p', message: 'x-locationLevels names "village", not a level of locations.json (country, district, community)' },
    ]);
    expect(FormCatalogue.check({ optionLists: {}, locations: LOCATIONS, forms: [form({ p: { type: 'string', 'x-locationLevels': ['district'] } })] })[0].message).toBe(
      'x-locationLevels needs "x-optionList": "locations"',
    );
  });

  it("yields to a pack's own list of the same id", () => {
    const forms = catalogue({ place: { type: 'string', 'x-optionList': 'locations' } }, { locations: [{ value: 'home', label: { en: 'Home' } }] });
    expect(forms.jsonSchema('f', 'en')!.properties.place.oneOf).toEqual([{ const: 'home', title: 'Home' }]);
  });

  it('is unknown to a catalogue without places', () => {
    const problems = FormCatalogue.check({ optionLists: {}, forms: [form({ p: { type: 'string', 'x-optionList': 'locations' } })] });
    expect(problems.map((p) => p.message)).toEqual(['unknown option list "locations"']);
  });

  it('says "one of the options" instead of listing a country of places', () => {
    const many: LocationsDef = {
      levels: ['country', 'community'],
      root: { code: 'MD', name: { en: 'Moldova' }, level: 'country', children: Array.from({ length: 30 }, (_, i) => ({ code: `C${i}`, name: { en: `Village ${i}` }, level: 'community' })) },
    };
    const forms = new FormCatalogue({ optionLists: {}, locations: many, forms: [form({ p: { type: 'string', 'x-optionList': 'locations' } })] });
    expect(forms.validate('f', { p: 'XX' }, 'draft')).toEqual([{ path: '/p', message: 'must be one of the options offered', keyword: 'enum' }]);
  });
});
