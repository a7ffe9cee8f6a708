import { startTestApp, TestApp } from '../support/app';

/**
 * An administrator edits a message template of a draft and previews it on a sample case, through the
 * real API: the preview follows the draft (and unsaved typing), a broken template comes back as its
 * problems in words with line and column (never a 500), the draft carries it as a finding on the
 * template's file, and the draft does not publish until it is fixed.
 */
describe('SOP draft message templates', () => {
  let t: TestApp;
  let id: number;
  const FR_TEXT = '/templates~1deadline_reminder~1fr.text.hbs';
  const admin = async () => ({ authorization: await t.login('admin') });
  const draft = async () => (await t.http.get(`/api/sop/drafts/${id}`).set(await admin())).body;
  const preview = async (body: object, templateId = 'deadline_reminder') =>
    t.http
      .post(`/api/sop/drafts/${id}/templates/${templateId}/preview`)
      .set(await admin())
      .send(body);
  const edit = async (operations: unknown[]) =>
    t.http
      .post(`/api/sop/drafts/${id}/edits`)
      .set(await admin())
      .send({ baseRevision: (await draft()).revision, operations });

  beforeAll(async () => {
    t = await startTestApp('sop_draft_templates');
    id = (
      await t.http
        .post('/api/sop/drafts')
        .set(await admin())
        .send({})
    ).body.id;
  });
  afterAll(async () => t?.close());

  it('refuses the preview to a caseworker (403)', async () => {
    const res = await t.http
      .post(`/api/sop/drafts/${id}/templates/deadline_reminder/preview`)
      .set({ authorization: await t.login('caseworker') })
      .send({ locale: 'fr' });
    expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
  });

  it('previews the French reminder on a sample case, then the edited one once the draft has it', async () => {
    const before = await preview({ locale: 'fr' });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ templateId: 'deadline_reminder', kind: 'deadline', locale: 'fr', problems: [] });
    expect(before.body.rendered.subject).toMatch(/^Rappel : .+ pour le dossier SAMPLE-0001/);

    expect((await edit([{ op: 'replace', path: FR_TEXT, value: 'Bonjour {{recipient.name}}, le dossier {{case.number}} attend.' }])).status).toBe(200);
    const after = await preview({ locale: 'fr' });
    expect(after.body.rendered.text).toMatch(/^Bonjour .+, le dossier SAMPLE-0001 attend\.$/);
    // Unsaved typing is previewed without being stored.
    const typed = await preview({ locale: 'fr', text: 'Échéance : {{deadline.label}}' });
    expect(typed.body.rendered.text).toMatch(/^Échéance : \S/);
    expect((await draft()).files['templates/deadline_reminder/fr.text.hbs']).toBe('Bonjour {{recipient.name}}, le dossier {{case.number}} attend.');
  });

  it('answers a broken template with its problems in words, shows it as a finding on the file, and refuses to publish it', async () => {
    const source = 'Bonjour {{recipient.name}}\n{{case.colour}} {{lookup case "number"}}';
    const res = await preview({ locale: 'fr', text: source });
    expect(res.status).toBe(200);
    expect(res.body.rendered).toBeNull();
    expect(res.body.problems).toEqual([
      expect.objectContaining({ part: 'text', code: 'unknown_variable', line: 2, message: expect.stringContaining('case has no "colour"') }),
      expect.objectContaining({ part: 'text', code: 'unknown_helper', line: 2, message: expect.stringContaining('unknown helper "lookup"') }),
    ]);
    const syntax = await preview({ locale: 'fr', text: 'Bonjour\n{{#if case.number}}' });
    expect([syntax.status, syntax.body.problems[0].code, syntax.body.problems[0].line]).toEqual([200, 'parse_error', 2]);

    const saved = await edit([{ op: 'replace', path: FR_TEXT, value: source }]);
    expect(saved.status).toBe(200);
    expect(saved.body.findings).toContainEqual(expect.objectContaining({ severity: 'error', code: 'template_unknown_variable', pointer: FR_TEXT }));
    const refused = await t.http
      .post(`/api/sop/drafts/${id}/publish`)
      .set(await admin())
      .send({});
    expect([refused.status, refused.body.code]).toEqual([422, 'sop_draft_has_errors']);
    // The preview still works on a draft with errors: it is how the administrator finds them.
    expect((await preview({ locale: 'fr' })).body.problems.map((p: any) => p.code)).toEqual(['unknown_variable', 'unknown_helper']);
  });

  it('answers a template or a language the pack does not have with a stable code', async () => {
    const unknown = await preview({ locale: 'fr' }, 'no_such_template');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'template_preview_unknown_template']);
    const language = await preview({ locale: 'de' });
    expect([language.status, language.body.code]).toEqual([422, 'template_preview_unknown_locale']);
    const invalid = await preview({ locale: 'fr', colour: 'red' });
    expect(invalid.status).toBe(400);
  });
});
