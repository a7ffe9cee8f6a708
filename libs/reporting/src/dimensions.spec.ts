import type { SopPack } from '@app/pack-types';
import { DIMENSION_KINDS, type DimensionContext } from './dimensions';

// The built-in dimensions' own words (not the pack's): names, status values, a level's name.
const ctx = (locale: string): DimensionContext => ({ pack: {} as SopPack, locale, dateSql: 'c.registered_at' });

describe('built-in dimension labels', () => {
  it("names a location level in the reader's language, English and unknown levels as their code", () => {
    expect(DIMENSION_KINDS.location.label('district', ctx('ar'))).toBe('المكان (المقاطعة)');
    expect(DIMENSION_KINDS.location.label('community', ctx('ro'))).toBe('Localitatea (comunitate)');
    expect(DIMENSION_KINDS.location.label('district', ctx('en'))).toBe('Location (district)');
    expect(DIMENSION_KINDS.location.label('oblast', ctx('ar'))).toBe('المكان (oblast)');
    // A level named like an object's property is a code, not a built-in name.
    expect(DIMENSION_KINDS.location.label('constructor', ctx('ar'))).toBe('المكان (constructor)');
  });

  it('gives an Arabic reader the statuses, "unassigned" and "not recorded" in Arabic', () => {
    expect(DIMENSION_KINDS.status.values(undefined, ctx('ar'))!.map((v) => v.label)).toEqual(['نشطة', 'معلّقة', 'مغلقة']);
    expect(DIMENSION_KINDS.status.label(undefined, ctx('ar'))).toBe('الحالة الإدارية');
    expect(DIMENSION_KINDS.worker.valueLabel(null, undefined, ctx('ar'))).toBe('غير مُسندة');
    expect(DIMENSION_KINDS.sex.valueLabel(null, undefined, ctx('ar'))).toBe('غير مسجّل');
  });
});

describe('an answer chosen from the pack places', () => {
  const pack = {
    optionLists: {},
    locations: {
      levels: ['country', 'district', 'community'],
      root: {
        code: 'MD',
        name: { en: 'Moldova', ro: 'Republica Moldova' },
        level: 'country',
        children: [
          {
            code: 'CH',
            name: { en: 'Chișinău', ro: 'municipiul Chișinău' },
            level: 'district',
            children: [{ code: 'CH01', name: { en: 'Bubuieci', ro: 'comuna Bubuieci' }, level: 'community' }],
          },
        ],
      },
    },
    forms: [{ id: 'transfer', version: 1, schema: { type: 'object', properties: { to: { type: 'string', 'x-optionList': 'locations' } } } }],
  } as unknown as SopPack;
  const at = (locale: string): DimensionContext => ({ pack, locale, dateSql: 'c.registered_at' });

  it('is grouped under the place name with its parent, listing only the places found', () => {
    expect(DIMENSION_KINDS.answer.valueLabel('CH01', 'transfer.to', at('ro'))).toBe('comuna Bubuieci (municipiul Chișinău)');
    expect(DIMENSION_KINDS.answer.valueLabel('CH', 'transfer.to', at('en'))).toBe('Chișinău');
    // A code the pack no longer has stays readable as itself.
    expect(DIMENSION_KINDS.answer.valueLabel('XX01', 'transfer.to', at('en'))).toBe('XX01');
    // A country's every village would be a zero row each: no fixed list.
    expect(DIMENSION_KINDS.answer.values('transfer.to', at('en'))).toBeNull();
  });
});
