import type { TestApp } from './app';

/** Small helpers over the HTTP API so journeys read like the scenario. */
export function casesClient(t: TestApp) {
  const as = async (user: string) => ({ Authorization: await t.login(user) });
  return {
    as,
    async register(user: string, caseType: string, answers: Record<string, unknown>, links?: Array<{ caseId: string; kind: string }>) {
      return t.http
        .post('/api/cases')
        .set(await as(user))
        .send({ caseType, answers, ...(links ? { links } : {}) });
    },
    async get(user: string, id: string) {
      return t.http.get(`/api/cases/${id}`).set(await as(user));
    },
    async version(user: string, id: string): Promise<string> {
      const res = await t.http.get(`/api/cases/${id}`).set(await as(user));
      if (res.status !== 200) throw new Error(`GET case ${id} as ${user}: ${res.status}`);
      return res.headers.etag;
    },
    async fill(user: string, id: string, formId: string, answers: Record<string, unknown>, status = 'complete') {
      const etag = await this.version(user, id);
      return t.http
        .put(`/api/cases/${id}/forms/${formId}`)
        .set(await as(user))
        .set('If-Match', etag)
        .send({ answers, status });
    },
    async addEntry(user: string, id: string, formId: string, answers: Record<string, unknown>) {
      const etag = await this.version(user, id);
      return t.http
        .post(`/api/cases/${id}/forms/${formId}/entries`)
        .set(await as(user))
        .set('If-Match', etag)
        .send({ answers });
    },
    async transition(user: string, id: string, transitionId: string, comment?: string) {
      const etag = await this.version(user, id);
      return t.http
        .post(`/api/cases/${id}/transitions/${transitionId}`)
        .set(await as(user))
        .set('If-Match', etag)
        .send(comment ? { comment } : {});
    },
    async decide(user: string, id: string, decision: 'approve' | 'reject', comment?: string) {
      const etag = await this.version(user, id);
      return t.http
        .post(`/api/cases/${id}/approval`)
        .set(await as(user))
        .set('If-Match', etag)
        .send({ decision, ...(comment ? { comment } : {}) });
    },
    async transitions(user: string, id: string) {
      return t.http.get(`/api/cases/${id}/transitions`).set(await as(user));
    },
    async deadlines(user: string, id: string, status?: string) {
      return t.http.get(`/api/cases/${id}/deadlines${status ? `?status=${status}` : ''}`).set(await as(user));
    },
    async timeline(user: string, id: string) {
      return t.http.get(`/api/cases/${id}/timeline`).set(await as(user));
    },
  };
}

/** A Moldova child-protection case (Ion Rotaru) registered by `caseworker` and taken to the initial assessment; its id. */
export async function childInAssessment(api: ReturnType<typeof casesClient>): Promise<string> {
  const reg = await api.register('caseworker', 'child_protection', {
    first_name: 'Ion',
    last_name: 'Rotaru',
    sex: 'male',
    date_of_birth: '2016-02-02',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  });
  expect(reg.status).toBe(201);
  expect((await api.transition('caseworker', reg.body.id, 'start_assessment')).status).toBe(200);
  return reg.body.id;
}
