import type { RoleDef } from '@app/pack-types';
import { grantableRoles, grantsOf, mayAdminister, reachConditions } from './administer-scope';

const role = (id: string, administer?: RoleDef['administer']): RoleDef => ({ id, label: { en: id }, rules: [], ...(administer ? { administer } : {}) });
const pack = {
  roles: [
    role('caseworker'),
    role('analyst'),
    role('admin', true),
    role('district_admin', { scope: 'district', roles: ['caseworker', 'district_admin', 'community_admin', 'admin', 'agency_admin'] }),
    role('community_admin', { scope: 'community', roles: ['caseworker'] }),
    role('agency_admin', { scope: 'agency', roles: ['caseworker'] }),
  ],
  locations: {
    levels: ['country', 'district', 'community'],
    root: {
      code: 'MD',
      level: 'country',
      name: { en: 'Moldova' },
      children: [
        { code: 'CH', level: 'district', name: { en: 'C' }, children: [{ code: 'CH01', level: 'community', name: { en: 'B' } }] },
        { code: 'ST', level: 'district', name: { en: 'S' }, children: [{ code: 'ST01', level: 'community', name: { en: 'T' } }] },
      ],
    },
  },
};
const user = (roles: string[], locationPath: string, agencyId: string | null = null) => ({ roles, locationPath, agencyId });

describe('who may administer whom', () => {
  const districtAdmin = user(['district_admin'], 'MD/CH/CH01/');
  const grants = grantsOf(pack, districtAdmin);

  it('a district administrator working in a community reaches its whole district, and only it', () => {
    expect(mayAdminister(pack, grants, user(['caseworker'], 'MD/CH/'))).toBe(true);
    expect(mayAdminister(pack, grants, user(['caseworker'], 'MD/CH/CH01/'))).toBe(true);
    expect(mayAdminister(pack, grants, user(['caseworker'], 'MD/ST/ST01/'))).toBe(false);
    expect(mayAdminister(pack, grants, user(['caseworker'], 'MD/'))).toBe(false);
  });

  it('gives only the roles of its list, and none administering wider than a district', () => {
    expect(grantableRoles(pack, grants).sort()).toEqual(['caseworker', 'community_admin', 'district_admin']);
    expect(mayAdminister(pack, grants, user(['caseworker', 'analyst'], 'MD/CH/'))).toBe(false);
    expect(mayAdminister(pack, grants, user(['admin'], 'MD/CH/'))).toBe(false);
    expect(mayAdminister(pack, grants, user(['agency_admin'], 'MD/CH/'))).toBe(false);
    // The SQL reach lists the same roles.
    expect(reachConditions(pack, grants)).toEqual([{ roles: ['caseworker', 'district_admin', 'community_admin'], pathPrefix: 'MD/CH/' }]);
  });

  it('administer: true reaches everyone and every role; an agency administrator their agency', () => {
    const all = grantsOf(pack, user(['admin'], 'MD/'));
    expect(mayAdminister(pack, all, user(['admin', 'analyst'], 'MD/ST/'))).toBe(true);
    expect(reachConditions(pack, all)).toEqual([{}]);
    const agency = grantsOf(pack, user(['agency_admin'], 'MD/CH/', 'social'));
    expect(mayAdminister(pack, agency, user(['caseworker'], 'MD/ST/', 'social'))).toBe(true);
    expect(mayAdminister(pack, agency, user(['caseworker'], 'MD/CH/', 'police'))).toBe(false);
  });

  it('an administrator placed above their scope level, or without an agency, reaches nobody', () => {
    expect(grantsOf(pack, user(['district_admin'], 'MD/'))).toEqual([]);
    expect(grantsOf(pack, user(['agency_admin'], 'MD/CH/'))).toEqual([]);
    expect(grantsOf(pack, user(['caseworker'], 'MD/CH/'))).toEqual([]);
  });
});
