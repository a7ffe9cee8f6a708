import { base32Decode, isBase32, totp, TOTP_POLICY } from '@app/identity';
import type { CliCommand } from '../command-registry';

/**
 * Demo and test helper: prints the current TOTP code of a base32 secret, so the demo administrator
 * (whose secret is published in sops/moldova/demo-users.json) can sign in without an authenticator app.
 */
export const totpCodeCommand: CliCommand = {
  name: 'totp code',
  description: 'Print the current two-factor code of a base32 TOTP secret (demo users only)',
  usage: 'totp code <base32-secret>',
  async run(args, io) {
    const secret = args[0];
    if (!secret || !isBase32(secret)) {
      io.err(`Usage: npm run cmis -- ${this.usage}`);
      return 2;
    }
    const now = Date.now();
    const step = TOTP_POLICY.stepSeconds * 1000;
    io.out(totp(base32Decode(secret), now));
    io.err(`valid for ${Math.ceil((step - (now % step)) / 1000)} more second(s); each code signs in once`);
    return 0;
  },
};
