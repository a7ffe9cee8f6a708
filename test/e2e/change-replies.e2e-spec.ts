import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * A registration or a saved form answers with the case as the user now sees it. That answer is a
 * read of the case, so it is audited as one (`case.read`, with the fields shown), and it is audited
 * in the change's own transaction: the change and the read it answers with commit together or not
 * at all (one commit per request, issue 18). PostgreSQL's `xmin` tells which transaction wrote a row.
 */
describe('The reply to a change is the case as the user sees it, audited with the change', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let ds: DataSource;
  const child = {
    first_name: 'Victoria',
    last_name: 'Lungu',
    sex: 'female',
    date_of_birth: '2016-04-09',
    caregiver_name: 'Ana Lungu',
    caregiver_relationship: 'mother',
    consent_given_by: 'Ana Lungu',
    consent_status: 'given',
    assent_status: 'given',
  };
  const trail = async (caseId: string) =>
    (await ds.query(`SELECT action, fields, xmin::text AS tx FROM audit_log WHERE case_id = $1 ORDER BY at, chain, seq`, [caseId])) as Array<{
      action: string;
      fields: string[];
      tx: string;
    }>;

  beforeAll(async () => {
    t = await startTestApp('change_replies', { start: new Date('2026-04-01T08:00:00Z') });
    api = casesClient(t);
    ds = t.app.get(DataSource);
  });
  afterAll(async () => t?.close());

  let caseId: string;

  it('a registration answers with the new case, and its read is audited in the registration transaction', async () => {
    const res = await api.register('caseworker', 'child_protection', child);
    expect(res.status).toBe(201);
    caseId = res.body.id;
    expect(res.headers.etag).toBe(`"${res.body.version}"`);
    expect(res.body.forms.registration[0].answers).toMatchObject({ first_name: 'Victoria', last_name: 'Lungu' });

    const entries = await trail(caseId);
    const registered = entries.find((e) => e.action === 'case.case_registered')!;
    const read = entries.filter((e) => e.action === 'case.read');
    expect(read).toHaveLength(1);
    expect(read[0].fields).toEqual(expect.arrayContaining(['registration.first_name', 'registration.last_name', 'registration.date_of_birth']));
    expect(read[0].tx).toBe(registered.tx);
  });

  it('the reply is the case exactly as reading it next shows it: registered with a link, then a form saved', async () => {
    const sibling = await api.register('caseworker', 'child_protection', { ...child, first_name: 'Mihai', sex: 'male', date_of_birth: '2014-02-03' }, [
      { caseId, kind: 'sibling' },
    ]);
    expect(sibling.status).toBe(201);
    const { possibleDuplicates: _d, warnings: _w, ...registered } = sibling.body;
    const read = await api.get('caseworker', sibling.body.id);
    expect(registered.links).toEqual([expect.objectContaining({ linkedCaseId: caseId, kind: 'sibling' })]);
    expect(registered).toEqual(read.body);

    const saved = await t.http
      .put(`/api/cases/${sibling.body.id}/forms/registration`)
      .set(await api.as('caseworker'))
      .set('If-Match', read.headers.etag)
      .send({ answers: { ...child, first_name: 'Mihai', sex: 'male', date_of_birth: '2014-02-03', address: 'Strada Ismail 12, Chișinău' } });
    expect(saved.status).toBe(200);
    const { submissionId: _s, warnings: _w2, ...view } = saved.body;
    expect(view).toEqual((await api.get('caseworker', sibling.body.id)).body);
  });

  it('a saved form answers with the saved answers; its read is audited with the change, and a refused save leaves neither', async () => {
    const etag = await api.version('caseworker', caseId);
    const before = await trail(caseId);
    const res = await t.http
      .put(`/api/cases/${caseId}/forms/registration`)
      .set(await api.as('caseworker'))
      .set('If-Match', etag)
      .send({ answers: { ...child, address: 'Strada Ismail 12, Chișinău' } });
    expect(res.status).toBe(200);
    expect(res.body.forms.registration[0].answers.address).toBe('Strada Ismail 12, Chișinău');
    expect(res.headers.etag).toBe(`"${res.body.version}"`);

    const added = (await trail(caseId)).slice(before.length);
    expect(added.map((e) => e.action).sort()).toEqual(['case.form_updated', 'case.read']);
    expect(new Set(added.map((e) => e.tx)).size).toBe(1);
    expect(added.find((e) => e.action === 'case.read')!.fields).toContain('registration.address');

    // A save on a stale version is refused: no change, and no read was served, so nothing is audited.
    const stale = await t.http
      .put(`/api/cases/${caseId}/forms/registration`)
      .set(await api.as('caseworker'))
      .set('If-Match', `"${res.body.version - 1}"`)
      .send({ answers: { ...child, address: 'elsewhere' } });
    expect(stale.status).toBe(409);
    expect(await trail(caseId)).toHaveLength(before.length + 2);
  });
});
