import * as path from 'node:path';
import { DomainError } from '@app/core';
import { PackFiles, readPackDir } from '@app/sop';
import { SopRegistry } from '@app/sop-registry';
import { REPO_ROOT, startTestApp, TestApp } from '../support/app';

/**
 * A published form version never changes. Publishing at start-up, over HTTP and with `cmis sop
 * publish` all go through SopRegistry.publish (here on a real database, ngo-lite published at start):
 * other meaning under the same id and version (a field added) is refused naming the file, nothing is
 * saved; the same change as a new version is published. Its wording may change in place (a label
 * corrected or translated): answers still mean the same.
 */
describe('published form versions are immutable', () => {
  let t: TestApp;
  let registry: SopRegistry;
  let files: PackFiles;
  const refusal = (files: PackFiles) =>
    registry.publish(files, 'test').then(
      () => null,
      (e) => e,
    );
  const versions = async () => (await registry.listVersions()).length;
  /** session_note with one more field (`extra`): what its answers may hold changes. */
  const edited = (extra: string, version = 1) => {
    const form = structuredClone(files['forms/session_note.v1.json']) as any;
    form.schema.properties[extra] = { type: 'string', maxLength: 100 };
    form.version = version;
    return form;
  };

  beforeAll(async () => {
    t = await startTestApp('form_versions', { sopDir: 'test/fixtures/packs/ngo-lite' });
    registry = t.app.get(SopRegistry);
    files = await readPackDir(path.join(REPO_ROOT, 'test/fixtures/packs/ngo-lite'));
  });
  afterAll(async () => t?.close());

  it('refuses other content for session_note v1 with the file named, saving nothing', async () => {
    const e = await refusal({ ...files, 'forms/session_note.v1.json': edited('mood') });
    expect(e).toBeInstanceOf(DomainError);
    expect(e.code).toBe('sop_form_version_changed');
    expect(e.message).toBe('forms/session_note.v1.json: form session_note v1 is already published with different content; publish it as v2');
    expect(e.extra.errors).toEqual([
      { path: 'forms/session_note.v1.json', message: 'form session_note v1 is already published with different content; publish it as v2' },
    ]);
    expect(await versions()).toBe(1);
  });

  it('publishes the same change as session_note v2, the unchanged pack again as a no-op, and then guards v2 too', async () => {
    const manifest = structuredClone(files['pack.json']) as any;
    manifest.forms = manifest.forms.map((f: any) => (f.id === 'session_note' ? { ...f, version: 2 } : f));
    const { 'forms/session_note.v1.json': _v1, ...rest } = files;
    const v2 = await registry.publish({ ...rest, 'pack.json': manifest, 'forms/session_note.v2.json': edited('mood', 2) }, 'test');
    expect(v2).toMatchObject({ created: true, sop: { version: 2 } });
    expect(await registry.publish(files, 'test')).toMatchObject({ created: false, sop: { version: 1 } });
    const e = await refusal({ ...rest, 'pack.json': manifest, 'forms/session_note.v2.json': edited('energy', 2) });
    expect(e.code).toBe('sop_form_version_changed');
    expect(e.extra.errors[0].message).toBe('form session_note v2 is already published with different content; publish it as v3');
    expect(await versions()).toBe(2);
  });

  it('lets a published version be worded better or translated in place: a new SOP version, the same form version', async () => {
    const manifest = structuredClone(files['pack.json']) as any;
    manifest.forms = manifest.forms.map((f: any) => (f.id === 'session_note' ? { ...f, version: 2 } : f));
    const { 'forms/session_note.v1.json': _v1, ...rest } = files;
    const reworded = edited('mood', 2);
    reworded.title = { ...reworded.title, en: 'Session (reworded)' };
    const published = await registry.publish({ ...rest, 'pack.json': manifest, 'forms/session_note.v2.json': reworded }, 'test');
    expect(published).toMatchObject({ created: true, sop: { version: 3 } });
  });
});
