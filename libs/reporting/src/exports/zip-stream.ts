import { once } from 'node:events';
import type { Writable } from 'node:stream';
import * as zlib from 'node:zlib';
import { writeOut } from './stream-io';

/**
 * A ZIP archive written front to back onto a stream, for XLSX files of any length in bounded
 * memory: each entry is deflated as its content arrives, and its CRC and sizes follow it in a data
 * descriptor (general purpose flag bit 3), so nothing is ever sought back or held whole. Headers
 * go out through writeOut and deflated data through pipe(), both of which wait for the destination
 * to drain (backpressure); everything gives up when `signal` aborts (the client went away).
 * No ZIP64: an export stops with an error before 4 GiB.
 */
export class ZipStream {
  private offset = 0;
  private readonly entries: Array<{ name: Buffer; crc: number; compressed: number; size: number; offset: number }> = [];
  private current: { name: Buffer; offset: number; deflate: zlib.DeflateRaw; crc: number; size: number; compressed: number; stop: () => void } | null = null;

  constructor(
    private readonly out: Writable,
    private readonly signal: AbortSignal,
    private readonly when = new Date(),
  ) {}

  /** Starts an entry; its content follows through `write`, then `closeEntry`. */
  async openEntry(name: string): Promise<void> {
    if (this.current) throw new Error('a ZIP entry is already open');
    const nameBytes = Buffer.from(name, 'utf8');
    const offset = this.offset;
    await this.raw(localHeader(nameBytes, this.when));
    // Level 1: several times faster than the default 6 on sheet XML, for files about a third larger.
    const deflate = zlib.createDeflateRaw({ level: 1 });
    const entry = { name: nameBytes, offset, deflate, crc: 0, size: 0, compressed: 0, stop: () => deflate.destroy() };
    // Compressed bytes go straight to the destination; pipe() pauses deflation while it is full.
    deflate.on('data', (chunk: Buffer) => {
      entry.compressed += chunk.length;
    });
    deflate.pipe(this.out, { end: false });
    this.signal.addEventListener('abort', entry.stop, { once: true });
    this.current = entry;
  }

  async write(data: string | Buffer): Promise<void> {
    const e = this.current;
    if (!e) throw new Error('no ZIP entry is open');
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (bytes.length === 0) return;
    e.crc = crc32(bytes, e.crc);
    e.size += bytes.length;
    if (e.size >= 0xffffffff) throw new Error('export too large for a ZIP without ZIP64');
    if (!e.deflate.write(bytes)) await once(e.deflate, 'drain', { signal: this.signal });
  }

  async closeEntry(): Promise<void> {
    const e = this.current;
    if (!e) throw new Error('no ZIP entry is open');
    try {
      e.deflate.end();
      await once(e.deflate, 'end', { signal: this.signal });
    } finally {
      this.signal.removeEventListener('abort', e.stop);
      e.deflate.unpipe(this.out);
      this.current = null;
    }
    this.offset += e.compressed;
    await this.raw(dataDescriptor(e.crc, e.compressed, e.size));
    this.entries.push({ name: e.name, crc: e.crc, compressed: e.compressed, size: e.size, offset: e.offset });
  }

  /** A whole small entry at once. */
  async file(name: string, content: string): Promise<void> {
    await this.openEntry(name);
    await this.write(content);
    await this.closeEntry();
  }

  /** The central directory and its end record: the archive is complete after this. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) await this.raw(centralHeader(e, this.when));
    await this.raw(endOfDirectory(this.entries.length, this.offset - start, start));
  }

  private async raw(bytes: Buffer): Promise<void> {
    this.offset += bytes.length;
    await writeOut(this.out, bytes, this.signal);
  }
}

const FLAGS = 0x0008 | 0x0800; // data descriptor follows; names are UTF-8

function dosTime(d: Date): [number, number] {
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  const date = ((Math.max(d.getUTCFullYear(), 1980) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  return [time, date];
}

function localHeader(name: Buffer, when: Date): Buffer {
  const b = Buffer.alloc(30);
  const [time, date] = dosTime(when);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  b.writeUInt16LE(FLAGS, 6);
  b.writeUInt16LE(8, 8); // deflate
  b.writeUInt16LE(time, 10);
  b.writeUInt16LE(date, 12);
  // CRC and sizes (14..25) are zero here: they come in the data descriptor.
  b.writeUInt16LE(name.length, 26);
  b.writeUInt16LE(0, 28);
  return Buffer.concat([b, name]);
}

function dataDescriptor(crc: number, compressed: number, size: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(crc >>> 0, 4);
  b.writeUInt32LE(compressed, 8);
  b.writeUInt32LE(size, 12);
  return b;
}

function centralHeader(e: { name: Buffer; crc: number; compressed: number; size: number; offset: number }, when: Date): Buffer {
  const b = Buffer.alloc(46);
  const [time, date] = dosTime(when);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(20, 4); // made by: 2.0
  b.writeUInt16LE(20, 6);
  b.writeUInt16LE(FLAGS, 8);
  b.writeUInt16LE(8, 10);
  b.writeUInt16LE(time, 12);
  b.writeUInt16LE(date, 14);
  b.writeUInt32LE(e.crc >>> 0, 16);
  b.writeUInt32LE(e.compressed, 20);
  b.writeUInt32LE(e.size, 24);
  b.writeUInt16LE(e.name.length, 28);
  // extra, comment, disk, internal and external attributes: zero
  b.writeUInt32LE(e.offset, 42);
  return Buffer.concat([b, e.name]);
}

function endOfDirectory(count: number, size: number, offset: number): Buffer {
  if (offset > 0xffffffff || count > 0xffff) throw new Error('export too large for a ZIP without ZIP64');
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(size, 12);
  b.writeUInt32LE(offset, 16);
  return b;
}

let table: Int32Array | undefined;

/** CRC-32 (IEEE), continued from `crc`: zlib's own where Node has it (20.15+), else a table. */
export function crc32(bytes: Buffer, crc = 0): number {
  const native = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;
  if (native) return native(bytes, crc);
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
