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
