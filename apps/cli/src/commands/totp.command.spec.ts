import type { CliIo } from '../command-registry';
import { totpCodeCommand } from './totp.command';

function fakeIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), cwd: process.cwd() };
}

describe('cmis totp code', () => {
  afterEach(() => jest.restoreAllMocks());

  it('prints the current code of a base32 secret (RFC 6238 secret at T=59 s)', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(59_000);
    const io = fakeIo();
    // base32 of the RFC 6238 SHA1 seed "12345678901234567890"
    expect(await totpCodeCommand.run(['GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'], io)).toBe(0);
    expect(io.stdout).toEqual(['287082']);
    expect(io.stderr[0]).toMatch(/valid for 1 more second/);
  });

  it('refuses a missing or non-base32 secret with exit code 2', async () => {
    for (const args of [[], ['not-base32!']]) {
      const io = fakeIo();
      expect(await totpCodeCommand.run(args, io)).toBe(2);
      expect(io.stderr).toEqual(['Usage: npm run cmis -- totp code <base32-secret>']);
    }
  });
});
