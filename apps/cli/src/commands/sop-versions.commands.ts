import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DomainError } from '@app/core';
import type { SopPack } from '@app/pack-types';
import { diffPacks, parseJsonText } from '@app/sop';
import { SopBundles, SopErrorCode, SopRegistry } from '@app/sop-registry';
import type { CliCommand, CliIo } from '../command-registry';
import { withRegistry } from './database.commands';
import { packChangeLine } from './pack-changes-text';
import { readAndValidate } from './sop.commands';

const VERSION = /^\d+$/;

/** The published version with this number (of the active pack), as its id. */
async function versionId(registry: SopRegistry, n: number): Promise<number> {
  const found = (await registry.listVersions()).find((v) => v.version === n);
  if (!found) throw new DomainError(SopErrorCode.SopVersionNotFound, `SOP version ${n} is not published here.`);
  return found.id;
}

/** A version number (read from the database) or a pack directory (read and validated); null after printing why not. */
async function packOf(arg: string, io: CliIo, registry: SopRegistry | null): Promise<{ pack: SopPack; name: string } | null> {
  if (VERSION.test(arg)) return { pack: (await registry!.get(await versionId(registry!, Number(arg)))).pack, name: `version ${arg}` };
  const read = await readAndValidate(arg, io);
  return read && { pack: read.pack, name: path.resolve(io.cwd, arg) };
}

export const sopDiffCommand: CliCommand = {
  name: 'sop diff',
  description: 'What changed from one pack to another: published version numbers or pack directories, in any mix',
  usage: 'sop diff <version|dir> <version|dir>',
  async run(args, io) {
    if (args.length !== 2) {
      io.err(`Usage: npm run cmis -- ${this.usage}`);
      return 2;
    }
    const compare = async (registry: SopRegistry | null): Promise<number> => {
      const before = await packOf(args[0], io, registry);
      const after = before && (await packOf(args[1], io, registry));
      if (!before || !after) return 1;
      const { changes, labels } = diffPacks(before.pack, after.pack);
      for (const c of changes) io.out(packChangeLine(c, labels));
      io.out(`${changes.length} change(s) from ${before.name} to ${after.name}`);
      return 0;
    };
    return args.some((a) => VERSION.test(a)) ? withRegistry(io, compare) : compare(null);
  },
};

export const sopExportCommand: CliCommand = {
  name: 'sop export',
  description: 'Write a published version as a bundle file (pack files, pack id, version, content hash) to import into another installation',
  usage: 'sop export <version> <file>',
  async run(args, io) {
    if (args.length !== 2 || !VERSION.test(args[0])) {
      io.err(`Usage: npm run cmis -- ${this.usage}`);
      return 2;
    }
    const file = path.resolve(io.cwd, args[1]);
    return withRegistry(io, async (registry, app) => {
      const bundle = await app.get(SopBundles).exportVersion(await versionId(registry, Number(args[0])));
      await fs.writeFile(file, JSON.stringify(bundle, null, 2) + '\n', 'utf8');
      io.out(`exported: ${bundle.packId} version ${bundle.version} (content hash ${bundle.contentHash}) to ${file}`);
      return 0;
    });
  },
};

export const sopImportCommand: CliCommand = {
  name: 'sop import',
  description: 'Check a bundle file (content hash, validation, lint) and publish it here (no-op if this content is already published)',
  usage: 'sop import <file>',
  async run(args, io) {
    if (args.length !== 1) {
      io.err(`Usage: npm run cmis -- ${this.usage}`);
      return 2;
    }
    const file = path.resolve(io.cwd, args[0]);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e: any) {
      io.err(`${file}: cannot read the bundle: ${e?.code === 'ENOENT' ? 'no such file' : (e?.message ?? e)}`);
      return 1;
    }
    const parsed = parseJsonText(text);
    if (!parsed.ok) {
      io.err(`${file} $: malformed JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.reason}`);
      return 1;
    }
    return withRegistry(io, async (_registry, app) => {
      try {
        const r = await app.get(SopBundles).importBundle(parsed.value, 'cli');
        io.out(
          r.created
            ? `published: ${r.packId} version ${r.version} from ${file} (content hash ${r.contentHash})`
            : `unchanged: ${r.packId} version ${r.version} already has this content (content hash ${r.contentHash})`,
        );
        return 0;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        io.err(`${file}: ${e.code}: ${e.message}`);
        for (const fe of e.extra.errors ?? []) io.err(`  ${file} ${fe.path}: ${fe.message}`);
        return 1;
      }
    });
  },
};
