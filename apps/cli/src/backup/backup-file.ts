import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';

/**
 * The backup file: a plain header (what it holds, how its key is derived), then the database dump in
 * AES-256-GCM frames, then a final frame holding the SHA-256 of everything before it. The
 * header's `contentSha256` carries the same hash, written into its place once the dump has ended
 * (it is left out of what the frames authenticate, and checked against the content on restore).
 *
 *   "CMIS-BACKUP\n" | header length (uint32 BE) | header (JSON) | frame* | final frame
 *   frame: kind (1 byte: 0 data, 1 final) | ciphertext length (uint32 BE) | ciphertext | GCM tag (16)
 *
 * The key comes from the passphrase with scrypt and a fresh salt, so each file has its own key and a
 * frame counter is a safe nonce. Every frame authenticates the header's hash, its kind and its
 * number (AAD): a changed header, a reordered, removed or truncated frame does not decrypt. Memory
 * stays at one frame whatever the size of the database.
 */
export const BACKUP_MAGIC = Buffer.from('CMIS-BACKUP\n', 'ascii');
export const BACKUP_FORMAT_VERSION = 1;
const FRAME_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const MAX_HEADER_BYTES = 1024 * 1024;
const SCRYPT = { N: 2 ** 16, r: 8, p: 1 };
const DATA = 0;
const FINAL = 1;

/** What the header says; everything but `kdf` and `keyCheck` is for people and for restore's report. */
export interface BackupManifest {
  createdAt: string;
  /** e.g. `pg_dump custom format of the whole database` */
  contents: Record<string, string>;
  packs: Array<{ packId: string; version: number; contentHash: string }>;
  counts: BackupCounts;
  /** Latest migration applied in the backed-up database: restore applies newer ones. */
  lastMigration: string | null;
  postgres: { server: string; dumpTool: string };
}

export interface BackupCounts {
  cases: number;
  events: number;
  users: number;
  auditEntries: number;
}

export interface BackupHeader extends BackupManifest {
  format: 'cmis-backup';
  formatVersion: number;
  cipher: 'aes-256-gcm';
  frameBytes: number;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  /** HMAC of a constant under the key: tells a wrong passphrase from a damaged file. */
  keyCheck: string;
  /** SHA-256 (hex) of the dump; zeros until the writer fills it in at the end. */
  contentSha256: string;
}

const UNSET_HASH = '0'.repeat(64);
const HASH_FIELD = /"contentSha256":"[0-9a-f]{64}"/;

/** What the frames authenticate: the header bytes with the content hash zeroed (it is written last). */
function authenticatedHeaderHash(headerBytes: Buffer): Buffer {
  const text = headerBytes.toString('utf8').replace(HASH_FIELD, `"contentSha256":"${UNSET_HASH}"`);
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A backup that cannot be read; `reason` says why in a sentence. */
export class BackupFileError extends Error {
  constructor(
    readonly kind: 'not_a_backup' | 'wrong_passphrase' | 'corrupted' | 'unsupported',
    readonly reason: string,
  ) {
    super(reason);
  }
}

function deriveKey(passphrase: string, kdf: BackupHeader['kdf']): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * 1024 * 1024 }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

const keyCheckOf = (key: Buffer) => createHmac('sha256', key).update('cmis-backup key check').digest('base64');

function nonce(counter: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(BigInt(counter), 4);
  return iv;
}

function aad(headerHash: Buffer, kind: number, counter: number): Buffer {
  const tail = Buffer.alloc(9);
  tail.writeUInt8(kind, 0);
  tail.writeBigUInt64BE(BigInt(counter), 1);
  return Buffer.concat([headerHash, tail]);
}

async function write(out: Writable, data: Buffer): Promise<void> {
  if (!out.write(data)) await once(out, 'drain');
}

/**
 * Encrypts `plain` (the dump, streamed) into `out` with a header carrying `manifest`. Resolves with the
 * SHA-256 of the plain content, its size, and the file offset of the header's zeroed content hash,
 * where the caller writes `sha256` (64 ASCII hex digits) once `out` is complete.
 */
export async function writeBackup(
  plain: AsyncIterable<Buffer>,
  out: Writable,
  passphrase: string,
  manifest: BackupManifest,
): Promise<{ sha256: string; bytes: number; hashOffset: number }> {
  const kdf = { name: 'scrypt' as const, ...SCRYPT, salt: randomBytes(16).toString('base64') };
  const key = await deriveKey(passphrase, kdf);
  const header: BackupHeader = {
    format: 'cmis-backup',
    formatVersion: BACKUP_FORMAT_VERSION,
    cipher: 'aes-256-gcm',
    frameBytes: FRAME_BYTES,
    kdf,
    keyCheck: keyCheckOf(key),
    contentSha256: UNSET_HASH,
    ...manifest,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const headerHash = authenticatedHeaderHash(headerBytes);
  const hashField = headerBytes.indexOf(`"contentSha256":"${UNSET_HASH}"`);
  const hashOffset = BACKUP_MAGIC.length + 4 + hashField + '"contentSha256":"'.length;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  await write(out, Buffer.concat([BACKUP_MAGIC, length, headerBytes]));

  let counter = 0;
  const frame = async (kind: number, data: Buffer) => {
    const cipher = createCipheriv('aes-256-gcm', key, nonce(counter), { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(headerHash, kind, counter));
    const body = Buffer.concat([cipher.update(data), cipher.final()]);
    const prefix = Buffer.alloc(5);
    prefix.writeUInt8(kind, 0);
    prefix.writeUInt32BE(body.length, 1);
    await write(out, Buffer.concat([prefix, body, cipher.getAuthTag()]));
    counter++;
  };

  const hash = createHash('sha256');
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of plain) {
    hash.update(chunk);
    bytes += chunk.length;
    pending.push(chunk);
    pendingBytes += chunk.length;
    while (pendingBytes >= FRAME_BYTES) {
      const all = Buffer.concat(pending);
      await frame(DATA, all.subarray(0, FRAME_BYTES));
      pending = [all.subarray(FRAME_BYTES)];
      pendingBytes = all.length - FRAME_BYTES;
    }
  }
  if (pendingBytes) await frame(DATA, Buffer.concat(pending));
  const sha256 = hash.digest('hex');
  await frame(FINAL, Buffer.from(JSON.stringify({ sha256, bytes }), 'utf8'));
  return { sha256, bytes, hashOffset };
}

/** Reads exactly n bytes from a stream (fewer only at its end), keeping at most one frame in memory. */
export class ByteReader {
  private buffered: Buffer[] = [];
  private size = 0;
  private readonly source: AsyncIterator<Buffer>;
  offset = 0;

  constructor(input: Readable) {
    this.source = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  async read(n: number): Promise<Buffer> {
    while (this.size < n) {
      const next = await this.source.next();
      if (next.done) break;
      this.buffered.push(next.value);
      this.size += next.value.length;
    }
    const all = Buffer.concat(this.buffered);
    const out = all.subarray(0, n);
    this.buffered = [all.subarray(out.length)];
    this.size = all.length - out.length;
    this.offset += out.length;
    return out;
  }
}

/** Reads the header only (no passphrase needed): what the file holds. */
export async function readBackupHeader(reader: ByteReader): Promise<{ header: BackupHeader; headerHash: Buffer }> {
  const magic = await reader.read(BACKUP_MAGIC.length);
  if (!magic.equals(BACKUP_MAGIC)) throw new BackupFileError('not_a_backup', 'it is not a CMIS backup (it does not start with "CMIS-BACKUP")');
  const lengthBytes = await reader.read(4);
  const length = lengthBytes.length === 4 ? lengthBytes.readUInt32BE() : -1;
  if (length < 2 || length > MAX_HEADER_BYTES) throw new BackupFileError('corrupted', 'its header is damaged (impossible length)');
  const headerBytes = await reader.read(length);
  let header: BackupHeader;
  try {
    header = JSON.parse(headerBytes.toString('utf8'));
  } catch {
    throw new BackupFileError('corrupted', 'its header is damaged (not readable)');
  }
  if (header.format !== 'cmis-backup' || typeof header.formatVersion !== 'number' || !header.kdf?.salt)
    throw new BackupFileError('corrupted', 'its header is damaged (fields missing)');
  if (header.formatVersion > BACKUP_FORMAT_VERSION)
    throw new BackupFileError(
      'unsupported',
      `it was written in backup format ${header.formatVersion}, newer than this version reads (${BACKUP_FORMAT_VERSION}): restore with a newer CMIS`,
    );
  return { header, headerHash: authenticatedHeaderHash(headerBytes) };
}

export function openBackupReader(input: Readable): ByteReader {
  return new ByteReader(input);
}

/**
 * Checks the passphrase against the header, then decrypts frame by frame into `sink`. The last plain
 * frame is held back until the final frame has proved the whole content (hash and size), so the
 * consumer (pg_restore) cannot finish on a damaged or truncated file: on any error it has not seen
 * the end of its input and the caller aborts it.
 */
export async function decryptBackup(
  reader: ByteReader,
  opened: { header: BackupHeader; headerHash: Buffer },
  passphrase: string,
  sink: (plain: Buffer) => Promise<void>,
): Promise<{ sha256: string; bytes: number }> {
  const { header, headerHash } = opened;
  const key = await deriveKey(passphrase, header.kdf);
  const check = Buffer.from(keyCheckOf(key), 'base64');
  const expected = Buffer.from(header.keyCheck ?? '', 'base64');
  if (check.length !== expected.length || !timingSafeEqual(check, expected))
    throw new BackupFileError('wrong_passphrase', 'the passphrase is wrong (it does not match the key check in the header)');

  const hash = createHash('sha256');
  let bytes = 0;
  let held: Buffer | null = null;
  for (let counter = 0; ; counter++) {
    const at = reader.offset;
    const prefix = await reader.read(5);
    if (prefix.length < 5) throw new BackupFileError('corrupted', `it is truncated (it ends at byte ${at}, before its final frame)`);
    const kind = prefix.readUInt8(0);
    const length = prefix.readUInt32BE(1);
    if ((kind !== DATA && kind !== FINAL) || length > header.frameBytes + 1024)
      throw new BackupFileError('corrupted', `it is damaged at byte ${at} (frame ${counter} has an impossible kind or length)`);
    const body = await reader.read(length + TAG_BYTES);
    if (body.length < length + TAG_BYTES) throw new BackupFileError('corrupted', `it is truncated (frame ${counter} at byte ${at} is cut short)`);
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, nonce(counter), { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(headerHash, kind, counter));
      decipher.setAuthTag(body.subarray(length));
      plain = Buffer.concat([decipher.update(body.subarray(0, length)), decipher.final()]);
    } catch {
      throw new BackupFileError('corrupted', `it is damaged at byte ${at} (frame ${counter} fails its integrity check)`);
    }
    if (kind === FINAL) {
      const trailer = JSON.parse(plain.toString('utf8')) as { sha256: string; bytes: number };
      const sha256 = hash.digest('hex');
      if (trailer.sha256 !== sha256 || trailer.bytes !== bytes) throw new BackupFileError('corrupted', 'its content does not match its recorded hash');
      if (header.contentSha256 !== sha256) throw new BackupFileError('corrupted', 'its content does not match the hash in its header');
      if ((await reader.read(1)).length) throw new BackupFileError('corrupted', 'it has data after its final frame');
      if (held) await sink(held);
      return { sha256, bytes };
    }
    hash.update(plain);
    bytes += plain.length;
    if (held) await sink(held);
    held = plain;
  }
}
