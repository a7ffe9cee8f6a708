import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hashPackFiles, readPackDir } from '@app/sop';
import { packFilePath, writePackDir } from './pack-dir-writer';

const ROOT = path.resolve(__dirname, '../../../..');

/** A draft exported to a directory reads back as the same files: the JSON files stay the source of truth. */
describe('writePackDir', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cmis-pack-'));
  });
  afterEach(async () => fs.rm(tmp, { recursive: true, force: true }));

  it('writes the Moldova pack so that readPackDir reads the same content (forms where formsDir points, templates as text)', async () => {
    const files = await readPackDir(path.join(ROOT, 'sops/moldova'));
    const dir = path.join(tmp, 'sops', 'moldova');
    await writePackDir(dir, { ...files, 'plugins/x.json': { id: 'x' } });
    expect(hashPackFiles(await readPackDir(dir))).toBe(hashPackFiles(files));
    // formsDir is ../../forms, as in the repository; the installed plugins' files are not the pack's.
    expect((await fs.readdir(path.join(tmp, 'forms'))).length).toBeGreaterThan(3);
    await expect(fs.access(path.join(dir, 'plugins'))).rejects.toThrow();
  });

  it('deletes the files the map no longer has that readPackDir would read, and writes nothing outside the directory', async () => {
    const files = await readPackDir(path.join(ROOT, 'test/fixtures/packs/mini'));
    const dir = path.join(tmp, 'mini');
    await writePackDir(dir, { ...files, 'templates/old/en.text.hbs': 'Old' });
    const { ['deadlines.json']: _gone, ...fewer } = files;
    await writePackDir(dir, fewer);
    expect(hashPackFiles(await readPackDir(dir))).toBe(hashPackFiles(fewer));
    expect(() => packFilePath(dir, files, '../escape.json')).toThrow(/outside/);
  });
});
