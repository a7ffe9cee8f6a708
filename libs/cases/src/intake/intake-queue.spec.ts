import type { SopPack } from '@app/pack-types';
import { intakePlace, onIntakeTeam } from './intake-queue';

const pack = {
  locations: {
    levels: ['country', 'district', 'community'],
    root: {
      code: 'MD',
      level: 'country',
      children: [
        {
          code: 'CH',
          level: 'district',
          children: [
            { code: 'CH01', level: 'community' },
            { code: 'CH02', level: 'community' },
          ],
        },
        { code: 'ST', level: 'district', children: [{ code: 'ST01', level: 'community' }] },
      ],
    },
  },
} as unknown as SopPack;

describe('intake queues', () => {
  it("cover the case's own location, or its area at the queue's level", () => {
    expect(intakePlace(pack, { roles: ['caseworker'] }, 'MD/CH/CH01/')).toEqual({ roles: ['caseworker'], areaPath: 'MD/CH/CH01/' });
    expect(intakePlace(pack, { roles: ['caseworker'], level: 'district' }, 'MD/CH/CH01/').areaPath).toBe('MD/CH/');
    // Registered above the queue's level (at the district office): the case's own place.
    expect(intakePlace(pack, { roles: ['caseworker'], level: 'community' }, 'MD/CH/').areaPath).toBe('MD/CH/');
  });

  it('belong to the users with a queue role working within the area or covering it', () => {
    const place = { roles: ['caseworker', 'supervisor'], areaPath: 'MD/CH/' };
    expect(onIntakeTeam({ roles: ['caseworker'], locationPath: 'MD/CH/CH02/' }, place)).toBe(true);
    expect(onIntakeTeam({ roles: ['supervisor'], locationPath: 'MD/CH/' }, place)).toBe(true);
    expect(onIntakeTeam({ roles: ['caseworker'], locationPath: 'MD/' }, place)).toBe(true);
    expect(onIntakeTeam({ roles: ['caseworker'], locationPath: 'MD/ST/ST01/' }, place)).toBe(false);
    expect(onIntakeTeam({ roles: ['doctor'], locationPath: 'MD/CH/CH01/' }, place)).toBe(false);
    // A code that merely starts like the area's is another place.
    expect(onIntakeTeam({ roles: ['caseworker'], locationPath: 'MD/CH0/' }, { roles: ['caseworker'], areaPath: 'MD/CH/' })).toBe(false);
  });
});
