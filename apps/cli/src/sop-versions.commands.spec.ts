import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliIo, createCliRegistry } from './cli';

const ROOT = path.resolve(__dirname, '../../..');
const MINI = path.join(ROOT, 'test/fixtures/packs/mini');

function fakeIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), cwd: ROOT };
}

/** `cmis sop diff` between pack directories (no database), and the usage of the bundle commands. */
describe('cli sop diff, export, import', () => {
  const registry = createCliRegistry();
  let changed: string;

  beforeAll(async () => {
    changed = await fs.mkdtemp(path.join(os.tmpdir(), 'cmis-diff-'));
    await fs.cp(MINI, changed, { recursive: true });
    const deadlines = JSON.parse(await fs.readFile(path.join(changed, 'deadlines.json'), 'utf8'));
    deadlines.deadlines[0].due[0].after = { hours: 24 };
    await fs.writeFile(path.join(changed, 'deadlines.json'), JSON.stringify(deadlines));
    const form = JSON.parse(await fs.readFile(path.join(changed, 'forms/assessment.v1.json'), 'utf8'));
    const optional = Object.keys(form.schema.properties).find((f) => !(form.schema.required ?? []).includes(f))!;
    form.schema.required = [...(form.schema.required ?? []), optional];
    await fs.writeFile(path.join(changed, 'forms/assessment.v1.json'), JSON.stringify(form));
  });
  afterAll(async () => fs.rm(changed, { recursive: true, force: true }));

  it('prints each change of two pack directories readably, with labels, and a count', async () => {
    const io = fakeIo();
    expect(await registry.run(['sop', 'diff', 'test/fixtures/packs/mini', changed], io)).toBe(0);
    expect(io.stdout).toHaveLength(3);
    expect(io.stdout[0]).toMatch(/^field .* of form .*\(assessment\) is now required$/);
    expect(io.stdout[1]).toBe('deadline "Assessment due" (assessment_due) when High: 48 h → 24 h');
    expect(io.stdout[2]).toBe(`2 change(s) from ${MINI} to ${changed}`);
  });

  it('prints no change for the same pack, and names an unreadable directory', async () => {
    const same = fakeIo();
    expect(await registry.run(['sop', 'diff', 'test/fixtures/packs/mini', 'test/fixtures/packs/mini'], same)).toBe(0);
    expect(same.stdout).toEqual([`0 change(s) from ${MINI} to ${MINI}`]);
    const missing = fakeIo();
    expect(await registry.run(['sop', 'diff', 'test/fixtures/packs/mini', 'test/fixtures/packs/nowhere'], missing)).toBe(1);
    expect(missing.stdout.join('\n')).toContain('pack directory not found');
  });

  it('wrong usage exits 2 with the usage line', async () => {
    for (const argv of [
      ['sop', 'diff', 'one'],
      ['sop', 'export', 'latest', 'file.json'],
      ['sop', 'import'],
    ]) {
      const io = fakeIo();
      expect(await registry.run(argv, io)).toBe(2);
      expect(io.stderr[0]).toMatch(/^Usage: npm run cmis -- sop (diff|export|import) /);
    }
  });

  it('sop import names the file and the reason when it cannot be read or is not JSON', async () => {
    const missing = fakeIo();
    expect(await registry.run(['sop', 'import', 'no-such-bundle.json'], missing)).toBe(1);
    expect(missing.stderr).toEqual([`${path.join(ROOT, 'no-such-bundle.json')}: cannot read the bundle: no such file`]);
    const bad = path.join(changed, 'bad.json');
    await fs.writeFile(bad, '{\n  "format": \n}');
    const malformed = fakeIo();
    expect(await registry.run(['sop', 'import', bad], malformed)).toBe(1);
    expect(malformed.stderr[0]).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\$: malformed JSON at line 3, column 1: `));
  });
});
