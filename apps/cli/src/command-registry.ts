/** Output and environment of a command; tests pass a fake. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Directory relative paths resolve against (the caller's working directory). */
  cwd: string;
  env?: Record<string, string | undefined>;
}

export interface CliCommand {
  /** One or more words, e.g. `sop validate`. */
  name: string;
  description: string;
  /** e.g. `sop validate <dir>` */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Commands by name; the longest name matching the leading arguments wins. */
export class CommandRegistry {
  private readonly commands = new Map<string, CliCommand>();

  register(command: CliCommand): this {
    if (this.commands.has(command.name)) throw new Error(`CLI command "${command.name}" is already registered`);
    this.commands.set(command.name, command);
    return this;
  }

  get(name: string): CliCommand | undefined {
    return this.commands.get(name);
  }

  list(): CliCommand[] {
    return [...this.commands.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Finds the command for argv and the remaining arguments. */
  resolve(argv: string[]): { command: CliCommand; args: string[] } | null {
    for (let n = Math.min(argv.length, 3); n >= 1; n--) {
      const command = this.commands.get(argv.slice(0, n).join(' '));
      if (command) return { command, args: argv.slice(n) };
    }
    return null;
  }

  /** Runs argv; unknown command → message and exit code 2. */
  async run(argv: string[], io: CliIo): Promise<number> {
    if (argv.length === 0) return this.run(['help'], io);
    const found = this.resolve(argv);
    if (!found) {
      io.err(`Unknown command: ${argv.join(' ')}`);
      io.err('Run `npm run cmis -- help` to list the commands.');
      return 2;
    }
    try {
      return await found.command.run(found.args, io);
    } catch (e: any) {
      io.err(`${found.command.name} failed: ${e?.message ?? e}`);
      return 1;
    }
  }
}
