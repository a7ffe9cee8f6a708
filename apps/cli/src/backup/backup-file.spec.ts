import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { BackupFileError, BackupManifest, decryptBackup, openBackupReader, readBackupHeader, writeBackup } from './backup-file';

const MANIFEST: BackupManifest = {
  createdAt: '2026-12-07T10:00:00.000Z',
  contents: { database: 'test' },
  packs: [{ packId: 'moldova', version: 3, contentHash: 'abc' }],
  counts: { cases: 1, events: 2, users: 3, auditEntries: 4 },
  lastMigration: 'Initial1764000000000',
  postgres: { server: '15', dumpTool: 'pg_dump 15' },
};

async function encrypt(plain: Buffer, passphrase = 'a long enough passphrase'): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (d: Buffer) => parts.push(d));
  // Uneven pieces, as a pipe delivers them.
  const pieces = [plain.subarray(0, 1000), plain.subarray(1000, 70_000), plain.subarray(70_000)];
  const written = await writeBackup(Readable.from(pieces), out, passphrase, MANIFEST);
  out.end();
  const file = Buffer.concat(parts);
  // As the backup command does once the file is complete.
  file.write(written.sha256, written.hashOffset, 'ascii');
  return file;
}

async function decrypt(file: Buffer, passphrase = 'a long enough passphrase'): Promise<{ plain: Buffer; delivered: number }> {
  const reader = openBackupReader(Readable.from([file.subarray(0, 7), file.subarray(7)]));
  const opened = await readBackupHeader(reader);
  const parts: Buffer[] = [];
  let delivered = 0;
  try {
    await decryptBackup(reader, opened, passphrase, async (p) => {
      parts.push(p);
      delivered += p.length;
    });
  } catch (e) {
    throw Object.assign(e as Error, { delivered });
  }
  return { plain: Buffer.concat(parts), delivered };
}

const reasonOf = (e: unknown) => (e instanceof BackupFileError ? `${e.kind}: ${e.reason}` : String(e));

describe('backup file', () => {
  const plain = randomBytes(200_000);
  let file: Buffer;

  beforeAll(async () => {
    file = await encrypt(plain);
  });

  it('round-trips the content, and carries the manifest in a readable header but not the content', async () => {
    expect((await decrypt(file)).plain.equals(plain)).toBe(true);
    const header = (await readBackupHeader(openBackupReader(Readable.from([file])))).header;
    expect(header).toMatchObject({ ...MANIFEST, format: 'cmis-backup', formatVersion: 1, cipher: 'aes-256-gcm' });
    expect(header.contentSha256).toBe(createHash('sha256').update(plain).digest('hex'));
    expect(file.includes(plain.subarray(5000, 5032))).toBe(false);
  });

  it('a wrong passphrase is told apart from damage, before anything is delivered', async () => {
    await expect(decrypt(file, 'another passphrase entirely')).rejects.toMatchObject({ kind: 'wrong_passphrase', delivered: 0 });
  });

  it('a changed byte anywhere after the header is refused, and the end of the content is never delivered', async () => {
    for (const at of [file.length - 20, Math.floor(file.length / 2), file.length - 70_000]) {
      const damaged = Buffer.from(file);
      damaged[at] ^= 1;
      const failure = await decrypt(damaged).then(
        () => null,
        (e) => e,
      );
      expect(reasonOf(failure)).toMatch(/^corrupted: /);
      expect(failure.delivered).toBeLessThan(plain.length);
    }
  });

  it('a truncated file, a changed header or a file that is not a backup is refused', async () => {
    await expect(decrypt(file.subarray(0, file.length - 1))).rejects.toMatchObject({ kind: 'corrupted', reason: expect.stringMatching(/truncated/) });
    // The header is authenticated by every frame: say a backup holds other packs, and nothing decrypts.
    const text = file.toString('latin1').replace('"moldova"', '"moldovb"');
    await expect(decrypt(Buffer.from(text, 'latin1'))).rejects.toMatchObject({ kind: 'corrupted' });
    await expect(decrypt(Buffer.from('PGDMP not a backup'))).rejects.toMatchObject({ kind: 'not_a_backup' });
    // The content hash in the header is checked against the content too.
    const at = file.indexOf('"contentSha256":"') + '"contentSha256":"'.length;
    const otherHash = Buffer.from(file);
    otherHash[at] = otherHash[at] === 0x30 ? 0x31 : 0x30;
    await expect(decrypt(otherHash)).rejects.toMatchObject({ kind: 'corrupted', reason: expect.stringMatching(/hash in its header/) });
  });
});
