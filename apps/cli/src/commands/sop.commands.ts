import * as path from 'path';
import { formatIssue, lintPack, PackInvalidError, PackIssue, readPackDir } from '@app/sop';
import type { SopPack } from '@app/pack-types';
import { PluginCatalogue, validateWithPlugins } from '@app/plugin-host';
import { INSTALLED_PLUGINS } from '../../../../plugins';
import type { CliCommand, CliIo } from '../command-registry';

/** Reads and validates a pack dir; prints errors. Returns the pack and warnings, or null after printing errors. */
export async function readAndValidate(dirArg: string, io: CliIo): Promise<{ pack: SopPack; warnings: PackIssue[] } | null> {
  const dir = path.resolve(io.cwd, dirArg);
  let issues: PackIssue[];
  let pack: SopPack | undefined;
  try {
    // As the platform reads it: with what the installed plugins the pack enables contribute.
    ({ pack, issues } = validateWithPlugins(await readPackDir(dir), new PluginCatalogue(INSTALLED_PLUGINS)));
  } catch (e) {
    if (!(e instanceof PackInvalidError)) throw e;
    issues = e.issues;
  }
  const errors = issues.filter((i) => i.severity === 'error');
  if (!pack || errors.length > 0) {
    for (const i of errors) io.out(formatIssue(i));
    io.err(`invalid: ${errors.length} error(s) in ${dir}`);
    return null;
  }
  return { pack, warnings: issues.filter((i) => i.severity === 'warning') };
}

function summary(pack: SopPack): string {
  return `${pack.manifest.id} (${pack.forms.length} forms, ${pack.workflow.steps.length} steps, ${pack.workflow.transitions.length} transitions)`;
}

function needDir(args: string[], usage: string, io: CliIo): string | null {
  if (args.length !== 1) {
    io.err(`Usage: npm run cmis -- ${usage}`);
    return null;
  }
  return args[0];
}

export const sopValidateCommand: CliCommand = {
  name: 'sop validate',
  description: 'Check an SOP pack directory against the pack format (schemas and references)',
  usage: 'sop validate <dir>',
  async run(args, io) {
    const dir = needDir(args, this.usage, io);
    if (dir === null) return 2;
    const result = await readAndValidate(dir, io);
    if (!result) return 1;
    io.out(`valid: ${summary(result.pack)}`);
    return 0;
  },
};

export const sopLintCommand: CliCommand = {
  name: 'sop lint',
  description: 'Validate an SOP pack, then check its workflow graph and quality (unreachable steps, deadlines nobody hears about...)',
  usage: 'sop lint <dir>',
  async run(args, io) {
    const dir = needDir(args, this.usage, io);
    if (dir === null) return 2;
    const result = await readAndValidate(dir, io);
    if (!result) return 1;
    const issues = [...result.warnings, ...lintPack(result.pack)].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    for (const i of issues) io.out(`${i.severity} ${formatIssue(i)}`);
    const errors = issues.filter((i) => i.severity === 'error').length;
    const warnings = issues.length - errors;
    io.out(`${errors > 0 ? 'lint failed' : 'lint passed'}: ${summary(result.pack)}: ${errors} error(s), ${warnings} warning(s)`);
    return errors > 0 ? 1 : 0;
  },
};
