import type { CaseFacts } from '@app/permissions';
import type { LocationsDef } from '@app/pack-types';
import { buildPack } from '../../../workflow/src/testing/pack-builder';
import { caseTypeWork, destinationOf, factsOnceTransferred, placesOf, supervises, type Receiver } from './transfer-rules';

const locations: LocationsDef = {
  levels: ['country', 'district', 'community'],
  root: {
    code: 'MD',
    name: { en: 'Moldova' },
    level: 'country',
    children: [
      { code: 'CH', name: { en: 'Chișinău' }, level: 'district', children: [{ code: 'CH01', name: { en: 'Bubuieci' }, level: 'community' }] },
      {
        code: 'ST',
        name: { en: 'Strășeni' },
        level: 'district',
        children: [{ code: 'ST01', name: { en: 'Strășeni town', ro: 'orașul Strășeni' }, level: 'community' }],
      },
    ],
  },
};
const pack = buildPack({ locations });
const inBubuieci = { locationCode: 'CH01', locationPath: 'MD/CH/CH01/' };
const receiver = (locationCode: string, locationPath: string): Receiver => ({
  id: 'u2',
  roles: ['caseworker'],
  teamId: 'st_team',
  agencyId: 'social_st',
  locationCode,
  locationPath,
});

describe('transfer rules', () => {
  it('knows every place of the pack with its path and name, once per pack', () => {
    expect(placesOf(pack).get('ST01')).toEqual({ code: 'ST01', path: 'MD/ST/ST01/', name: { en: 'Strășeni town', ro: 'orașul Strășeni' } });
    expect(placesOf(pack).size).toBe(5);
    expect(placesOf(pack)).toBe(placesOf(pack));
  });

  it("goes where asked, if the place is the pack's", () => {
    expect(destinationOf(pack, inBubuieci, receiver('ST', 'MD/ST/'), 'ST01')?.path).toBe('MD/ST/ST01/');
    expect(destinationOf(pack, inBubuieci, receiver('ST', 'MD/ST/'), 'XX99')).toBeNull();
  });

  it("without a place asked: stays where it is within the receiver's area, else goes to the receiver's place", () => {
    expect(destinationOf(pack, inBubuieci, receiver('CH', 'MD/CH/'), undefined)).toMatchObject({ code: 'CH01', path: 'MD/CH/CH01/' });
    expect(destinationOf(pack, inBubuieci, receiver('ST01', 'MD/ST/ST01/'), undefined)).toEqual({
      code: 'ST01',
      path: 'MD/ST/ST01/',
      name: { en: 'Strășeni town', ro: 'orașul Strășeni' },
    });
    // A receiver placed somewhere the case's pack version does not know still gets a name to show.
    expect(destinationOf(pack, inBubuieci, receiver('NEW1', 'MD/NEW/NEW1/'), undefined)?.name).toEqual({ en: 'NEW1' });
  });

  it("the new owner's facts: their user, team, agency and place, and no grant", () => {
    const facts: CaseFacts = {
      caseType: 'child_protection',
      step: 'registration',
      status: 'open',
      createdBy: 'u1',
      assignedTo: 'u1',
      teamId: 'ch_team',
      agencyId: 'social_ch',
      locationPath: 'MD/CH/CH01/',
      sharedWith: ['u2'],
      breakGlass: ['u3'],
      referredTo: ['ngo'],
    };
    expect(factsOnceTransferred(facts, receiver('ST01', 'MD/ST/ST01/'), { path: 'MD/ST/ST01/' })).toEqual({
      ...facts,
      assignedTo: 'u2',
      teamId: 'st_team',
      agencyId: 'social_st',
      locationPath: 'MD/ST/ST01/',
      sharedWith: [],
      breakGlass: [],
      referredTo: [],
    });
  });

  it('a supervisor supervises their own team only', () => {
    expect(supervises(pack, { roles: ['supervisor'], teamId: 'st_team' }, 'st_team')).toBe(true);
    expect(supervises(pack, { roles: ['supervisor'], teamId: 'ch_team' }, 'st_team')).toBe(false);
    expect(supervises(pack, { roles: ['caseworker'], teamId: 'st_team' }, 'st_team')).toBe(false);
    expect(supervises(pack, { roles: ['supervisor'], teamId: null }, null)).toBe(false);
  });

  it("a case type's work: the forms and transition roles of the steps reachable from its start step", () => {
    const work = caseTypeWork(pack, 'child_protection');
    expect([...work.forms].sort()).toEqual(['care_plan', 'closure', 'follow_up_visit', 'initial_assessment', 'registration']);
    // `reopen` leaves the terminal step, reached by `close`: the supervisor moves the case too; the teacher never does.
    expect([...work.transitionRoles].sort()).toEqual(['caseworker', 'supervisor']);
    expect(caseTypeWork(pack, 'no_such_type')).toEqual({ forms: [], transitionRoles: [] });
  });
});
