import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

/** Shortest passphrase a new backup accepts: it alone protects the children's records in the file. */
export const MIN_PASSPHRASE_LENGTH = 12;

export interface PassphraseSource {
  /** `--passphrase-file FILE` (its first line), resolved against the working directory. */
  file?: string;
  /** CMIS_BACKUP_PASSPHRASE */
  env?: string;
  /** Ask on the terminal (twice when `confirm`), when neither is given. */
  confirm: boolean;
}

/** The passphrase, or a sentence saying why there is none. */
export async function obtainPassphrase(source: PassphraseSource, cwd: string): Promise<{ ok: true; passphrase: string } | { ok: false; problem: string }> {
  if (source.file) {
    const file = path.resolve(cwd, source.file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return { ok: false, problem: `cannot read the passphrase file ${file}: ${(e as Error).message}` };
    }
    return { ok: true, passphrase: text.split(/\r?\n/)[0] };
  }
  if (source.env) return { ok: true, passphrase: source.env };
  if (!process.stdin.isTTY) {
    return { ok: false, problem: 'no passphrase: give --passphrase-file FILE or set CMIS_BACKUP_PASSPHRASE (no terminal to ask on)' };
  }
  const first = await askHidden('Backup passphrase: ');
  if (source.confirm && (await askHidden('Repeat the passphrase: ')) !== first) return { ok: false, problem: 'the two passphrases differ' };
  return { ok: true, passphrase: first };
}

/** Reads a line from the terminal without echoing it. */
function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let asked = false;
    // readline echoes through _writeToOutput: let only the prompt through.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (!asked) process.stderr.write(s);
      asked = true;
    };
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
