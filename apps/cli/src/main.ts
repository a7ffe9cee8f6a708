import { createCliRegistry, processIo } from './cli';

/** `npm run cmis -- <command>` (scripts/cmis.sh). Commands live in ./commands, registered in ./cli. */
async function main(): Promise<void> {
  process.exitCode = await createCliRegistry().run(process.argv.slice(2), processIo());
}

if (require.main === module) void main();
