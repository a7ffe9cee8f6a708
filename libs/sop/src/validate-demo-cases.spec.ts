import * as path from 'node:path';
import { readPackDir } from './pack-files';
import { validatePack } from './validate-pack';

const NGO_LITE = path.resolve(__dirname, '../../../test/fixtures/packs/ngo-lite');
const MOLDOVA = path.resolve(__dirname, '../../../sops/moldova');

async function issuesWith(cases: unknown) {
  const files = await readPackDir(NGO_LITE);
  return validatePack({ ...files, 'demo-cases.json': { cases } })
    .issues.filter((i) => i.file === 'demo-cases.json')
    .map((i) => `${i.path}: ${i.message}`);
}

describe('demo-cases.json', () => {
  it('is valid in the reference pack and in ngo-lite', async () => {
    for (const dir of [NGO_LITE, MOLDOVA]) {
      const { issues } = validatePack(await readPackDir(dir));
      expect(issues.filter((i) => i.file === 'demo-cases.json')).toEqual([]);
    }
  });

  it('names file and JSON path for unknown users, case types, fields, transitions and impossible moves', async () => {
    const ok = { full_name: 'A', birth_year: 2008, priority: 'normal' };
    expect(
      await issuesWith([
        { id: 'a', caseType: 'beneficiary', by: 'nobody', answers: ok },
        { id: 'b', caseType: 'child', by: 'vol1', answers: ok },
        {
          id: 'c',
          caseType: 'beneficiary',
          by: 'coord',
          answers: { ...ok, shoe_size: 42 },
          then: [{ transition: 'review_exit', by: 'vol1' }, { transition: 'teleport' }, { form: 'session_note', answers: { mood: 'ok' } }],
        },
        { id: 'c', caseType: 'beneficiary', by: 'vol1', answers: ok, then: [{ transition: 'accept', by: 'coord' }] },
      ]),
    ).toEqual([
      '$.cases[0].by: "nobody" is not a user of demo-users.json (users: vol1, vol2, coord, funder)',
      '$.cases[1].caseType: case type "child" does not exist in pack.json (case types: beneficiary)',
      '$.cases[2].by: demo user "coord" has no role that may register "beneficiary" cases',
      '$.cases[2].answers.shoe_size: form "intake" has no field "shoe_size"',
      '$.cases[2].then[0].transition: transition "review_exit" does not leave step "intake", where the case is by then',
      '$.cases[2].then[1].transition: transition "teleport" does not exist in workflow.json',
      '$.cases[2].then[2].answers.mood: form "session_note" has no field "mood"',
      '$.cases[3].id: demo case "c" is declared twice',
      '$.cases[3].then[0].by: demo user "coord" has none of the roles of transition "accept" (volunteer)',
    ]);
  });

  it('refuses what the schema does not describe', async () => {
    expect(await issuesWith([{ id: 'a', caseType: 'beneficiary', by: 'vol1', answers: { birth_year: { $daysAgo: -1 } }, extra: 1 }])).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\$\.cases\[0\]\.extra: unknown property/)]),
    );
  });
});
