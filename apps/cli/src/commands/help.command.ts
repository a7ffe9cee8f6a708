import type { CliCommand, CommandRegistry } from '../command-registry';

export function helpCommand(registry: CommandRegistry): CliCommand {
  return {
    name: 'help',
    description: 'List the commands',
    usage: 'help',
    async run(_args, io) {
      io.out('Usage: npm run cmis -- <command> [arguments]');
      io.out('');
      const width = Math.max(...registry.list().map((c) => c.usage.length));
      for (const c of registry.list()) io.out(`  ${c.usage.padEnd(width)}  ${c.description}`);
      return 0;
    },
  };
}
