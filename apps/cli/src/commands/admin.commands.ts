import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '@app/audit';
import { ClockModule, DomainError } from '@app/core';
import { DatabaseModule } from '@app/database';
import { PluginHostModule } from '@app/plugin-host';
import { FirstRunModule, FirstRunService } from '@app/sop-registry';
import type { CliCommand } from '../command-registry';
import { cliConfig } from './config.commands';
import { INSTALLED_PLUGINS } from '../../../../plugins';

@Module({ imports: [ClockModule, DatabaseModule, AuditModule, FirstRunModule, PluginHostModule.forRoot(INSTALLED_PLUGINS)] })
class CliFirstRunModule {}

const USAGE = 'admin create-first --username NAME --name "Full name" --email ADDRESS --locale LANG   (the password is read from standard input)';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

/** The first line of standard input: typed at the prompt or piped (never an argument, which `ps` and shell history show). */
function readLine(): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const done = () => {
      process.stdin.off('data', onData);
      process.stdin.pause();
      resolve(text.split(/\r?\n/)[0] ?? '');
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) done();
    };
    process.stdin.on('data', onData);
    process.stdin.once('end', done);
  });
}

export const adminCreateFirstCommand: CliCommand = {
  name: 'admin create-first',
  description: 'Create the first administrator of an installation without users (two-factor is set up at their first sign-in); refused once any user exists',
  usage: USAGE,
  async run(args, io) {
    const [username, displayName, email, locale] = ['username', 'name', 'email', 'locale'].map((n) => option(args, n));
    if (!username || !displayName || !email || !locale) {
      io.err(`usage: npm run cmis -- ${USAGE}`);
      return 2;
    }
    const config = cliConfig(io);
    if (!config) return 2;
    if (!config.DATABASE_URL) {
      io.err('No database: set DATABASE_URL, or run `npm start` once so the embedded cluster exists and is running.');
      return 1;
    }
    io.out('Password of the new administrator (12–128 characters), then Enter:');
    const password = await readLine();
    const app = await NestFactory.createApplicationContext(CliFirstRunModule, { logger: ['error'] });
    try {
      const { user } = await app.get(FirstRunService).createFromShell({ username, displayName, email, locale, password });
      io.out(`administrator created: ${user.username} (${user.roles.join(', ')}); sign in to the web app and set up two-factor authentication`);
      return 0;
    } catch (e) {
      if (e instanceof DomainError) {
        io.err(`${e.code}: ${e.message}`);
        for (const fe of e.extra.errors ?? []) io.err(`  ${fe.path}: ${fe.message}`);
        return 1;
      }
      throw e;
    } finally {
      await app.close();
    }
  },
};
