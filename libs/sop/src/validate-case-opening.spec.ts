import * as path from 'node:path';
import { readPackDir } from './pack-files';
import { validatePack } from './validate-pack';

const MOLDOVA = path.resolve(__dirname, '../../../sops/moldova');

/** The Moldova pack without its plugins (not installed in a unit test of libs/sop). */
async function moldova() {
  const files = await readPackDir(MOLDOVA);
  const manifest = structuredClone(files['pack.json']) as any;
  manifest.plugins = [];
  return { ...files, 'pack.json': manifest };
}

async function openingIssues(openFrom: unknown) {
  const files = await moldova();
  const manifest = files['pack.json'];
  manifest.caseTypes.find((c: any) => c.id === 'child_protection').openFrom = openFrom;
  const { issues } = validatePack({ ...files, 'pack.json': manifest });
  return { lines: issues.filter((i) => i.path.includes('openFrom')).map((i) => `${i.code} ${i.path}: ${i.message}`) };
}

describe('pack.json caseTypes[].openFrom (a case opened from another)', () => {
  it("Moldova: a child protection case opens from a notification, carrying the address and the child's description", async () => {
    const { issues } = validatePack(await moldova());
    expect(issues.filter((i) => i.path.includes('openFrom'))).toEqual([]);
    // The same check finds the broken openings below: an empty list means Moldova's opening holds.
    expect((await moldova())['pack.json'].caseTypes.find((c: any) => c.id === 'child_protection').openFrom).toHaveLength(1);
  });

  it('names an unknown case type, a field of another form and a field that does not exist', async () => {
    const { lines } = await openingIssues([
      { caseType: 'incident', link: 'related', answers: {} },
      {
        caseType: 'notification',
        link: 'notification',
        answers: { 'notification.address': 'notification.address', 'registration.nickname': 'notification.child_name' },
      },
    ]);
    expect(lines).toEqual([
      'unknown_case_type $.caseTypes[1].openFrom[0].caseType: "incident" is not another case type of pack.json',
      'bad_field_path $.caseTypes[1].openFrom[1].answers[\'notification.address\']: "notification.address" must be a field of the start form "registration" (written registration.<field>)',
      'unknown_field $.caseTypes[1].openFrom[1].answers[\'registration.nickname\']: form "registration" has no field "nickname"',
      'unknown_field $.caseTypes[1].openFrom[1].answers[\'registration.nickname\']: form "notification" has no field "child_name"',
    ]);
  });

  it('refuses a link kind the platform does not know', async () => {
    const { lines } = await openingIssues([{ caseType: 'notification', link: 'sibling', answers: {} }]);
    expect(lines.join('\n')).toContain('$.caseTypes[1].openFrom[0].link');
  });
});
