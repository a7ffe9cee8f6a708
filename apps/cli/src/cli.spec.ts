import * as path from 'path';
import { CliIo, createCliRegistry } from './cli';

const ROOT = path.resolve(__dirname, '../../..');

function fakeIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), cwd: ROOT };
}

describe('cli', () => {
  const registry = createCliRegistry();

  it('sop validate prints a summary of a valid pack and exits 0', async () => {
    const io = fakeIo();
    expect(await registry.run(['sop', 'validate', 'test/fixtures/packs/mini'], io)).toBe(0);
    expect(io.stdout).toEqual(['valid: mini (3 forms, 4 steps, 4 transitions)']);
  });

  it('sop validate prints each error as <file> <jsonpath>: <message> and exits 1', async () => {
    const io = fakeIo();
    expect(await registry.run(['sop', 'validate', 'test/fixtures/packs/broken-refs'], io)).toBe(1);
    expect(io.stdout).toEqual(['workflow.json $.transitions[0].to: step "asessment" does not exist in workflow.json']);
    expect(io.stderr[0]).toMatch(/^invalid: 1 error\(s\)/);
  });

  it('sop validate reports malformed JSON with line and column', async () => {
    const io = fakeIo();
    expect(await registry.run(['sop', 'validate', path.join(ROOT, 'test/fixtures/packs/broken-json')], io)).toBe(1);
    expect(io.stdout[0]).toMatch(/^pack\.json \$: malformed JSON at line 4, column 3: /);
  });

  it('sop lint exits 0 on a clean pack and 1 with errors', async () => {
    const ok = fakeIo();
    expect(await registry.run(['sop', 'lint', 'test/fixtures/packs/mini'], ok)).toBe(0);
    expect(ok.stdout).toEqual(['lint passed: mini (3 forms, 4 steps, 4 transitions): 0 error(s), 0 warning(s)']);
    const bad = fakeIo();
    expect(await registry.run(['sop', 'lint', 'test/fixtures/packs/broken-refs'], bad)).toBe(1);
  });

  it('sop lint prints lint errors and warnings with their severity', async () => {
    const io = fakeIo();
    expect(await registry.run(['sop', 'lint', 'test/fixtures/packs/broken-lint'], io)).toBe(1);
    expect(io.stdout).toEqual([
      'error workflow.json $.steps[4]: step "review" cannot be reached: no transition from a start step leads to it',
      'warning option-lists.json $.optionLists.colours: option list "colours" is not used by any form',
      'lint failed: broken-lint (3 forms, 5 steps, 5 transitions): 1 error(s), 1 warning(s)',
    ]);
  });

  it('wrong usage exits 2; unknown command exits 2; help lists commands', async () => {
    const usage = fakeIo();
    expect(await registry.run(['sop', 'validate'], usage)).toBe(2);
    expect(usage.stderr).toEqual(['Usage: npm run cmis -- sop validate <dir>']);
    const unknown = fakeIo();
    expect(await registry.run(['frobnicate'], unknown)).toBe(2);
    expect(unknown.stderr[0]).toBe('Unknown command: frobnicate');
    const help = fakeIo();
    expect(await registry.run(['help'], help)).toBe(0);
    expect(help.stdout.join('\n')).toContain('sop validate <dir>');
    expect(help.stdout.join('\n')).toContain('sop lint <dir>');
    expect(help.stdout.join('\n')).toContain('audit verify [--batch-size N]');
  });

  it('audit verify without a database says which variable to set and exits 3 (could not check)', async () => {
    const none = { ...fakeIo(), env: {} };
    expect(await registry.run(['audit', 'verify'], none)).toBe(3);
    expect(none.stderr[0]).toMatch(/DATABASE_URL/);
    const unreachable = { ...fakeIo(), env: { DATABASE_URL: 'postgres://cmis_app:secret@127.0.0.1:1/cmis' } };
    expect(await registry.run(['audit', 'verify'], unreachable)).toBe(3);
    expect(unreachable.stderr[0]).toMatch(
      /^Cannot connect to the database at DATABASE_URL \(postgres:\/\/cmis_app:\*\*\*@127\.0\.0\.1:1\/cmis\): .*ECONNREFUSED/,
    );
    const usage = { ...fakeIo(), env: {} };
    expect(await registry.run(['audit', 'verify', '--batch-size', '0'], usage)).toBe(2);
  });

  it('lets more commands be registered without touching main', async () => {
    const r = createCliRegistry().register({
      name: 'sop diagram',
      description: 'x',
      usage: 'sop diagram <dir>',
      run: async (args, io) => (io.out(args.join(',')), 0),
    });
    const io = fakeIo();
    expect(await r.run(['sop', 'diagram', 'a'], io)).toBe(0);
    expect(io.stdout).toEqual(['a']);
  });
});
