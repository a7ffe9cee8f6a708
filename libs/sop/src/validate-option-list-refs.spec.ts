import { lintPack, validatePack } from '@app/sop';
import { miniFiles } from './testing';

type Files = Record<string, any>;

/** The mini pack's assessment asks where the child lives, from the built-in list of places (mini: XX, XX-N, XX-S). */
const withPlace =
  (place: Record<string, unknown>, more?: (f: Files) => void) =>
  (f: Files): void => {
    f['forms/assessment.v1.json'].schema.properties.place = { type: 'string', 'x-optionList': 'locations', ...place };
    more?.(f);
  };
const show = (issues: Array<{ severity: string; code: string; file: string; path: string; message: string }>) =>
  issues.map((i) => `${i.severity} ${i.code} ${i.file} ${i.path}: ${i.message}`);

describe('the built-in option list of places in a pack', () => {
  it('is known to the validator, with levels of locations.json', async () => {
    const { pack, issues } = validatePack(await miniFiles(withPlace({ 'x-locationLevels': ['district'] })));
    expect(issues).toEqual([]);
    expect(lintPack(pack!)).toEqual([]);
  });

  it('refuses a misspelt list, naming the built-in one', async () => {
    const { issues } = validatePack(await miniFiles(withPlace({ 'x-optionList': 'location' })));
    expect(show(issues)).toEqual([
      `error unknown_option_list forms/assessment.v1.json $.schema.properties.place['x-optionList']: option list "location" does not exist in option-lists.json (nor is it the built-in "locations", the pack's places)`,
    ]);
  });

  it('refuses a level locations.json does not have', async () => {
    const { issues } = validatePack(await miniFiles(withPlace({ 'x-locationLevels': ['community'] })));
    expect(show(issues)).toEqual([
      'error form_schema forms/assessment.v1.json $.schema.properties.place: x-locationLevels names "community", not a level of locations.json (country, district)',
    ]);
  });

  it("warns that a pack's own list of that id hides the places", async () => {
    const { issues } = validatePack(
      await miniFiles(withPlace({}, (f) => (f['option-lists.json'].optionLists.locations = [{ value: 'home', label: { en: 'Home', fr: 'Maison' } }]))),
    );
    expect(show(issues)).toEqual([
      `warning option_list_hides_built_in option-lists.json $.optionLists.locations: option list "locations" hides the built-in list of the pack's places (locations.json): forms naming it get this list; rename it to use the places`,
    ]);
  });

  it('gives rules its codes as the answer values (a guard naming another place is flagged)', async () => {
    const guard = (value: string) =>
      withPlace({ 'x-locationLevels': ['district'] }, (f) => {
        f['workflow.json'].transitions[1].guards.push({
          rule: { '==': [{ var: 'forms.assessment.place' }, value] },
          message: { en: 'North only', fr: 'Nord seulement' },
        });
      });
    const lint = async (value: string) => {
      const { pack, issues } = validatePack(await miniFiles(guard(value)));
      expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
      return show(lintPack(pack!));
    };
    expect(await lint('XX-N')).toEqual([]);
    // The country is a place, but not one of the levels this field offers.
    expect(await lint('XX')).toEqual([expect.stringContaining('error rule_unknown_option workflow.json $.transitions[1].guards[1].rule')]);
  });
});
