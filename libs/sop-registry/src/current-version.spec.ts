import * as path from 'path';
import { PackFiles, readPackDir } from '@app/sop';
import { CURRENT_VERSION_TTL_MS, SopRegistry } from './sop-registry.service';

const PACK = path.resolve(__dirname, '../../../test/fixtures/packs/ngo-lite');

/**
 * Which version is current: read from memory for CURRENT_VERSION_TTL_MS, then asked again (so a
 * version another process published is picked up within that bound), and at once after this
 * process publishes. The database is a fake that counts the questions asked.
 */
describe('SopRegistry current version', () => {
  let files: PackFiles;
  let rows: Array<{ id: number; packId: string; version: number; files: PackFiles; publishedAt: Date }>;
  let asked: number;
  let now: number;

  const versions = {
    versionIds: async () => {
      asked++;
      return rows.map((r) => r.id).reverse();
    },
    findById: async (id: number) => rows.find((r) => r.id === id) ?? null,
    findByHash: async () => null,
    publishedForms: async () => [],
    upsertLocations: async () => undefined,
    upsertOrganisations: async () => undefined,
    insertNext: async (_em: unknown, v: { packId: string; files: PackFiles; publishedAt: Date }) => addRow(v.files),
  };
  const addRow = (f: PackFiles) => {
    const row = { id: rows.length + 1, packId: 'ngo-lite', version: rows.length + 1, files: f, publishedAt: new Date() };
    rows.push(row);
    return row;
  };
  const ds = { transaction: (work: (em: unknown) => Promise<unknown>) => work({}) };
  const registry = () => new SopRegistry(ds as any, versions as any, { now: () => new Date('2026-01-05T10:00:00Z') } as any);
  // The fake stores any content as a new version: the same files do for a later one.
  const later = (): PackFiles => ({ ...files });

  beforeAll(async () => {
    files = await readPackDir(PACK);
  });
  beforeEach(() => {
    rows = [];
    asked = 0;
    now = 1_000_000;
    jest.spyOn(performance, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('is null before anything is published, and asks again on the next call after the bound', async () => {
    const r = registry();
    expect(await r.currentIfPublished()).toBeNull();
    addRow(files);
    now += CURRENT_VERSION_TTL_MS;
    expect((await r.current()).versionId).toBe(1);
  });

  it('asks the database once within the bound, however many requests (also concurrent ones) need it', async () => {
    addRow(files);
    const r = registry();
    const many = await Promise.all([r.current(), r.current(), r.currentIfPublished(), r.currentVersions()]);
    expect(many.slice(0, 3).map((s: any) => s.versionId)).toEqual([1, 1, 1]);
    now += CURRENT_VERSION_TTL_MS - 1;
    await r.current();
    expect(asked).toBe(1);
  });

  it('sees a version published by another process once the bound has passed, not before', async () => {
    addRow(files);
    const r = registry();
    expect((await r.current()).version).toBe(1);
    addRow(later());
    now += CURRENT_VERSION_TTL_MS - 1;
    expect((await r.current()).version).toBe(1);
    now += 1;
    expect((await r.current()).version).toBe(2);
    expect((await r.currentVersions()).map((s) => s.version)).toEqual([2, 1]);
  });

  it('serves a version this process publishes at once, even within the bound', async () => {
    const r = registry();
    expect((await r.publish(files)).sop.version).toBe(1);
    expect((await r.current()).version).toBe(1);
    expect((await r.publish(later())).sop.version).toBe(2);
    expect((await r.current()).version).toBe(2);
    expect((await r.currentVersions()).map((s) => s.version)).toEqual([2, 1]);
  });
});
