import { AppConfig, ConfigError, configurationTable, loadConfig, unknownVariables } from '@app/config';
import type { CliCommand, CliIo } from '../command-registry';

/**
 * The configuration a command runs with: `io.env` (tests) or the process environment. A bad
 * variable prints the problems (named, secrets not shown) and gives null: the command exits 2.
 */
export function cliConfig(io: CliIo): AppConfig | null {
  try {
    return loadConfig(io.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const line of e.message.split('\n')) io.err(line);
    return null;
  }
}

export const configCheckCommand: CliCommand = {
  name: 'config check',
  description: 'Check the environment variables as the API and the worker will at start (exit 0 valid, 2 invalid)',
  usage: 'config check',
  async run(_args, io) {
    const config = cliConfig(io);
    if (!config) return 2;
    for (const name of unknownVariables(io.env)) io.err(`warning: ${name} is not a CMIS variable (a typo?)`);
    io.out('configuration is valid');
    return 0;
  },
};

export const configVariablesCommand: CliCommand = {
  name: 'config variables',
  description: 'Print the table of every environment variable (the one in docs/configuration.md)',
  usage: 'config variables',
  async run(_args, io) {
    io.out(configurationTable());
    return 0;
  },
};
