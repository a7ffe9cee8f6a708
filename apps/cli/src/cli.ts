import { CliIo, CommandRegistry } from './command-registry';
import { helpCommand } from './commands/help.command';
import { totpCodeCommand } from './commands/totp.command';
import { sopLintCommand, sopValidateCommand } from './commands/sop.commands';
import { sopDraftExportCommand, sopDraftImportCommand } from './commands/sop-draft.commands';
import { sopDiffCommand, sopExportCommand, sopImportCommand } from './commands/sop-versions.commands';
import { migrateCommand, seedCommand, sopPublishCommand } from './commands/database.commands';
import { auditCheckpointCommand, auditVerifyCommand } from './commands/audit.commands';
import { configCheckCommand, configVariablesCommand } from './commands/config.commands';
import { adminCreateFirstCommand } from './commands/admin.commands';
import { secretsReencryptCommand } from './commands/secrets.command';
import { backupCommand, restoreCommand } from './commands/backup.commands';
import { sopMigrateCommand } from './commands/sop-migrate.command';
import { importCasesCommand } from './commands/import-cases.command';

export * from './command-registry';
export { sopLintCommand, sopValidateCommand } from './commands/sop.commands';
export { helpCommand } from './commands/help.command';

/** The CLI's commands; plugins and later modules add theirs with `register`. */
export function createCliRegistry(): CommandRegistry {
  const registry = new CommandRegistry();
  registry
    .register(sopValidateCommand)
    .register(sopLintCommand)
    .register(sopPublishCommand)
    .register(sopDraftExportCommand)
    .register(sopDraftImportCommand)
    .register(sopDiffCommand)
    .register(sopExportCommand)
    .register(sopImportCommand)
    .register(migrateCommand)
    .register(seedCommand)
    .register(auditVerifyCommand)
    .register(auditCheckpointCommand)
    .register(totpCodeCommand)
    .register(configCheckCommand)
    .register(configVariablesCommand)
    .register(adminCreateFirstCommand)
    .register(secretsReencryptCommand)
    .register(backupCommand)
    .register(restoreCommand)
    .register(sopMigrateCommand)
    .register(importCasesCommand)
    .register(helpCommand(registry));
  return registry;
}

export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    cwd: process.cwd(),
    // No env: commands read the process environment through loadConfig (libs/config).
  };
}
