import { startTestApp, TestApp } from '../support/app';

/**
 * Moving a pack version from one installation to another (test to production) as a bundle, and
 * reading what changed between two versions. Two APIs on two databases, both starting on the Moldova
 * pack: a changed version published on the first is exported, imported into the second, and
 * published there with the same content hash; a bundle changed on the way is refused, nothing published.
 */
describe('SOP bundles and version diffs', () => {
  let source: TestApp;
  let target: TestApp;
  let changed: { versionId: number; contentHash: string };
  let firstId: number;
  const admin = async (t: TestApp) => ({ authorization: await t.login('admin') });
  const versions = async (t: TestApp) => (await t.http.get('/api/sop/versions').set(await admin(t))).body as Array<{ id: number; contentHash: string }>;

  beforeAll(async () => {
    source = await startTestApp('sop_bundles_source');
    target = await startTestApp('sop_bundles_target');
    // On the source: a version with a 24 h high-risk deadline and a newly required field (published over HTTP).
    [{ id: firstId }] = await versions(source);
    const { files } = (await source.http.get(`/api/sop/versions/${firstId}/bundle`).set(await admin(source))).body;
    files['deadlines.json'].deadlines.find((d: any) => d.id === 'initial_response').due[0].after = { hours: 24 };
    files['forms/initial_assessment.v1.json'] = structuredClone(files['forms/initial_assessment.v1.json']);
    files['forms/initial_assessment.v2.json'] = { ...files['forms/initial_assessment.v1.json'], version: 2 };
    files['forms/initial_assessment.v2.json'].schema = { ...files['forms/initial_assessment.v2.json'].schema };
    files['forms/initial_assessment.v2.json'].schema.required = [...files['forms/initial_assessment.v1.json'].schema.required, 'child_views'];
    delete files['forms/initial_assessment.v1.json'];
    files['pack.json'].forms = files['pack.json'].forms.map((f: any) => (f.id === 'initial_assessment' ? { ...f, version: 2 } : f));
    const res = await source.http
      .post('/api/sop/versions')
      .set(await admin(source))
      .send({ files, note: 'High risk within 24 h' });
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(true);
    const [latest] = await versions(source);
    changed = { versionId: latest.id, contentHash: latest.contentHash };
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('refuses the diff, the bundle and the import to anyone who does not administer (403)', async () => {
    const h = { authorization: await source.login('supervisor') };
    const calls = [
      source.http.get(`/api/sop/versions/${firstId}/diff/${changed.versionId}`).set(h),
      source.http.get(`/api/sop/versions/${firstId}/bundle`).set(h),
      source.http.post('/api/sop/bundles').set(h).send({}),
    ];
    for (const res of await Promise.all(calls)) expect(res.status).toBe(403);
  });

  it('lists what changed between two versions: the form version, the required field and the high-risk offset, with labels', async () => {
    const res = await source.http.get(`/api/sop/versions/${firstId}/diff/${changed.versionId}`).set(await admin(source));
    expect(res.status).toBe(200);
    expect(res.body.changes.map((c: any) => `${c.kind} ${c.element.id}`)).toEqual([
      'form_version_changed initial_assessment',
      'field_required_changed child_views',
      'deadline_offset_changed initial_response',
    ]);
    const offset = res.body.changes[2];
    expect(offset).toMatchObject({
      before: { hours: 48 },
      after: { hours: 24 },
      scope: { value: 'high' },
      element: { label: { en: 'Response according to the risk level' } },
    });
    expect(res.body.changes[1].element.label.fr).toBe("Avis de l'enfant");
    // Nothing changed from a version to itself.
    const same = await source.http.get(`/api/sop/versions/${changed.versionId}/diff/${changed.versionId}`).set(await admin(source));
    expect(same.body.changes).toEqual([]);
    const missing = await source.http.get(`/api/sop/versions/${firstId}/diff/999999`).set(await admin(source));
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('sop_version_not_found');
  });

  it('exports a version as a bundle that another installation imports and publishes with the same content hash, once', async () => {
    const exported = await source.http.get(`/api/sop/versions/${changed.versionId}/bundle`).set(await admin(source));
    expect(exported.status).toBe(200);
    expect(exported.headers['content-disposition']).toBe('attachment; filename="moldova-v2.sop-bundle.json"');
    expect(exported.body).toMatchObject({ format: 'cmis-sop-bundle', formatVersion: 1, packId: 'moldova', version: 2, contentHash: changed.contentHash });

    const imported = await target.http
      .post('/api/sop/bundles')
      .set(await admin(target))
      .send(exported.body);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ packId: 'moldova', version: 2, created: true, contentHash: changed.contentHash });
    const [latest] = await versions(target);
    expect(latest.contentHash).toBe(changed.contentHash);
    // New cases there start on it: its high-risk deadline is the bundle's.
    const current = (await target.http.get('/api/sop').set(await admin(target))).body;
    expect(current.versionId).toBe(latest.id);
    expect(current.deadlines.find((d: any) => d.id === 'initial_response').due[0].after).toEqual({ hours: 24 });

    const again = await target.http
      .post('/api/sop/bundles')
      .set(await admin(target))
      .send(exported.body);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ version: 2, created: false });
    expect(await versions(target)).toHaveLength(2);
  });

  it('refuses a bundle whose content does not match its hash, or that is not a bundle, publishing nothing', async () => {
    const before = await versions(target);
    const bundle = (await source.http.get(`/api/sop/versions/${changed.versionId}/bundle`).set(await admin(source))).body;
    bundle.files['deadlines.json'].deadlines.find((d: any) => d.id === 'initial_response').due[0].after = { hours: 1 };
    const tampered = await target.http
      .post('/api/sop/bundles')
      .set(await admin(target))
      .send(bundle);
    expect(tampered.status).toBe(422);
    expect(tampered.body.code).toBe('sop_bundle_hash_mismatch');
    expect(tampered.body.detail).toContain(changed.contentHash);

    const notABundle = await target.http
      .post('/api/sop/bundles')
      .set(await admin(target))
      .send({ files: bundle.files });
    expect(notABundle.status).toBe(422);
    expect(notABundle.body.code).toBe('sop_bundle_invalid');
    expect(await versions(target)).toEqual(before);
  });
});
