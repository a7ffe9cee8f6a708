import { validatePack } from '@app/sop';
import { miniFiles } from './testing';

describe('security.json consent givers and assent', () => {
  it("defaults to givers that assume nobody's age, and to no assent", async () => {
    const { pack } = validatePack(await miniFiles());
    expect(pack!.security.consent.givers.map((g) => g.id)).toEqual(['person_concerned', 'legal_representative', 'other']);
    expect(pack!.security.consent.assent).toBeUndefined();
  });

  it('the built-in givers do not stop a pack in another language (they show in English there)', async () => {
    // The mini pack's own labels lack "sw" (errors elsewhere); security.json, which it does not have, must add none.
    const { issues } = validatePack(
      await miniFiles((f) => {
        f['pack.json'].locales = ['en', 'sw'];
        delete f['security.json'];
      }),
    );
    expect(issues.some((i) => i.code === 'missing_translation')).toBe(true);
    expect(issues.filter((i) => i.file === 'security.json')).toEqual([]);
  });

  it("takes the pack's givers and assent ages, and names the file and JSON path of what is wrong", async () => {
    const good = validatePack(
      await miniFiles((f) => {
        f['security.json'] = {
          consent: {
            purposes: [{ id: 'services', label: { en: 'Services', fr: 'Services' } }],
            givers: [{ id: 'child', label: { en: 'The child', fr: "L'enfant" } }],
            assent: { fromAge: 7, untilAge: 18 },
          },
        };
      }),
    );
    expect(good.issues).toEqual([]);
    expect(good.pack!.security.consent.assent).toEqual({ fromAge: 7, untilAge: 18 });
    const bad = validatePack(
      await miniFiles((f) => {
        f['security.json'] = {
          consent: {
            purposes: [{ id: 'services', label: { en: 'Services', fr: 'Services' } }],
            givers: [
              { id: 'parent', label: { en: 'Parent', fr: 'Parent' } },
              { id: 'parent', label: { en: 'Parent' } },
            ],
            assent: { fromAge: 12, untilAge: 12 },
          },
        };
      }),
    );
    expect(bad.issues.map((i) => `${i.file} ${i.path}: ${i.code}`)).toEqual([
      'security.json $.consent.givers[1].id: duplicate_id',
      'security.json $.consent.givers[1].label: missing_translation',
      'security.json $.consent.assent.untilAge: assent_ages',
    ]);
  });
});
