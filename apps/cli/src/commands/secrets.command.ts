import { createDataSource } from '@app/database';
import { secretsKeyringOf, SecretsKeyError, TotpSecretsRepository } from '@app/identity';
import type { CliCommand } from '../command-registry';
import { cliConfig } from './config.commands';

/**
 * After a key change (new CMIS_SECRETS_KEY, the previous one in CMIS_SECRETS_OLD_KEYS), or to encrypt
 * secrets stored before encryption existed: every two-factor secret sealed with the current key.
 */
export const secretsReencryptCommand: CliCommand = {
  name: 'secrets reencrypt',
  description: 'Encrypt every two-factor secret with CMIS_SECRETS_KEY (after a key rotation, or secrets stored in plain text); all or nothing',
  usage: 'secrets reencrypt',
  async run(args, io) {
    if (args.length) {
      io.err(`Usage: npm run cmis -- ${this.usage}`);
      return 2;
    }
    const config = cliConfig(io);
    if (!config) return 2;
    if (!config.DATABASE_URL) {
      io.err('No database: set DATABASE_URL, or run `npm start` once so the embedded cluster exists and is running.');
      return 1;
    }
    let keyring;
    try {
      keyring = secretsKeyringOf(config);
    } catch (e) {
      if (!(e instanceof SecretsKeyError)) throw e;
      io.err(e.message);
      return 2;
    }
    const ds = createDataSource(config.DATABASE_URL, 2, { logQueryErrors: config.NODE_ENV !== 'test' });
    await ds.initialize();
    try {
      const done = await new TotpSecretsRepository(ds).reencryptAll(keyring);
      io.out(`two-factor secrets encrypted with key ${keyring.current.id}: ${done.secrets} secret(s) of ${done.users} user(s) changed`);
      return 0;
    } catch (e) {
      io.err(`nothing changed: ${(e as Error).message}`);
      return 1;
    } finally {
      await ds.destroy();
    }
  },
};
