import type { TestApp } from './app';
import type { casesClient } from './cases-client';

/**
 * The packs the list-filter oracle test (test/e2e/list-filter-oracle.e2e-spec.ts) runs on, each with
 * a varied set of cases registered and worked through the API: several owners, teams, agencies and
 * places, every risk level, steps and statuses, shares, break-the-glass, overdue deadlines.
 */
export interface PackUnderTest {
  name: string;
  dir: string;
  /** Registers and works a varied set of cases through the API. */
  seed(t: TestApp, api: ReturnType<typeof casesClient>, ids: Record<string, string>): Promise<void>;
  /** Search texts to try (besides each case's number and parts of it). */
  searches: string[];
}

const ok = (res: { status: number; body: unknown }, what: string, status = [200, 201]) => {
  if (!status.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as any;
};

const moldovaChild = (first: string, last: string, dob = '2015-06-01', sex = 'female') => ({
  first_name: first,
  last_name: last,
  sex,
  date_of_birth: dob,
  consent_status: 'not_required_emergency',
  assent_status: 'given',
});

export const MOLDOVA: PackUnderTest = {
  name: 'moldova',
  dir: 'sops/moldova',
  searches: ['secretaru', 'Ana', 'ana secretaru', 'ungur', 'MD-', 'md-ch', 'NT-', 'zzz'],
  async seed(t, api, ids) {
    const reg = async (user: string, key: string, answers: Record<string, unknown>, type = 'child_protection') => {
      ids[key] = ok(await api.register(user, type, answers), `register ${key}`).id;
    };
    const assess = async (user: string, key: string, risk: string) => {
      ok(await api.transition(user, ids[key], 'start_assessment'), `assess ${key}`);
      ok(await api.fill(user, ids[key], 'initial_assessment', { assessment_date: '2026-03-02', risk_level: risk, summary: 'Seen.' }), `risk ${key}`);
    };
    // Chișinău, the social assistance directorate (caseworker, caseworker3, gbv_specialist share a team).
    await reg('caseworker', 'ana', moldovaChild('Ana', 'Secretaru', '2014-01-01'));
    await assess('caseworker', 'ana', 'high');
    await reg('caseworker', 'ion', moldovaChild('Ion', 'Secretaru', '2016-02-02', 'male'));
    await assess('caseworker', 'ion', 'medium');
    await reg('caseworker', 'dan', moldovaChild('Dan', 'Ungureanu', '2013-03-03', 'male'));
    await assess('caseworker', 'dan', 'low');
    ok(await api.transition('caseworker', ids.dan, 'pause_case', 'In hospital.'), 'pause dan');
    await reg('caseworker3', 'eva', moldovaChild('Eva', 'Ungureanu', '2017-04-04'));
    await assess('caseworker3', 'eva', 'high');
    ok(await api.fill('caseworker3', ids.eva, 'closure', { closure_reason: 'needs_met', closure_date: '2026-03-02', summary: 'Done.' }), 'closure eva');
    ok(await api.transition('caseworker3', ids.eva, 'close_case'), 'close eva');
    await reg('gbv_specialist', 'lia', moldovaChild('Lia', 'Rusu', '2012-05-05'));
    await reg('caseworker3', 'vlad', moldovaChild('Vlad', 'Secretaru', '2018-06-06', 'male'));
    // Another agency in the same community, and another district.
    await reg('ngo_worker', 'ngo', moldovaChild('Ana', 'Secretaru', '2014-01-01'));
    await assess('ngo_worker', 'ngo', 'high');
    await reg('caseworker2', 'st1', moldovaChild('Maria', 'Ungureanu', '2011-07-07'));
    await assess('caseworker2', 'st1', 'medium');
    await reg('caseworker2', 'st2', moldovaChild('Petru', 'Lungu', '2010-08-08', 'male'));
    // Notifications from the police (no name, no risk: a case type without identity).
    for (const key of ['nt1', 'nt2']) {
      await reg(
        'police',
        key,
        { child_description: `Child seen alone (${key})`, concern_description: 'Begging at night.', immediate_danger: false },
        'notification',
      );
    }
    // Shares with specialists (with consent), and break-the-glass from the other district.
    for (const key of ['ana', 'dan']) {
      ok(
        await t.http
          .post(`/api/cases/${ids[key]}/consents`)
          .set(await api.as('caseworker'))
          .send({
            purpose: 'data_sharing',
            decision: 'granted',
            givenBy: 'parent',
            givenByName: 'Parent',
            method: 'written',
          }),
        `consent ${key}`,
      );
    }
    const userId = async (u: string) => (await t.http.get('/api/auth/me').set(await api.as(u))).body.id;
    const share = async (key: string, who: string) =>
      ok(
        await t.http
          .post(`/api/cases/${ids[key]}/shares`)
          .set(await api.as('caseworker'))
          .send({ userId: await userId(who), reason: 'assessment' }),
        `share ${key}`,
      );
    await share('ana', 'doctor');
    await share('ana', 'psychologist');
    await share('dan', 'teacher');
    ok(
      await t.http
        .post(`/api/cases/${ids.ion}/break-glass`)
        .set(await api.as('supervisor_st'))
        .send({ reason: 'Found at night in Strășeni, needs a place.' }),
      'break glass',
    );
    // Some deadlines become overdue: days pass, then more cases arrive.
    t.clock.advance(6 * 86_400_000);
    await reg('caseworker', 'new1', moldovaChild('Nina', 'Secretaru', '2019-09-09'));
    await reg('caseworker2', 'new2', moldovaChild('Oleg', 'Rusu', '2019-10-10', 'male'));
  },
};

export const NEED_TO_KNOW: PackUnderTest = {
  name: 'need-to-know',
  dir: 'test/fixtures/packs/need-to-know',
  searches: ['north', 'Ada', 'ada north', 'lovelace', 'ada lovelace', 'BN-', 'bn-north', 'RF-', 'x'],
  async seed(t, api, ids) {
    const child = (first: string, last: string, priority: string, birth = '2012-01-01') => ({
      first_name: first,
      last_name: last,
      priority,
      birth_date: birth,
      sex: 'female',
    });
    const reg = async (user: string, key: string, answers: Record<string, unknown>, type = 'beneficiary') => {
      ids[key] = ok(await api.register(user, type, answers), `register ${key}`).id;
    };
    // North (worker_n, lead_n and registrar share a team), South, and the city's intake officer.
    await reg('worker_n', 'ada', child('Ada', 'Lovelace', 'urgent'));
    await reg('worker_n', 'bob', child('Bob', 'North', 'normal'));
    ok(await api.transition('worker_n', ids.bob, 'accept'), 'accept bob');
    await reg('worker_n', 'cleo', child('Cleo', 'North', 'low'));
    ok(await api.transition('worker_n', ids.cleo, 'accept'), 'accept cleo');
    ok(await api.transition('worker_n', ids.cleo, 'close'), 'close cleo');
    await reg('registrar', 'dora', child('Dora', 'Lovelace', 'urgent'));
    await reg('worker_s', 'eli', child('Eli', 'South', 'urgent'));
    ok(await api.transition('worker_s', ids.eli, 'accept'), 'accept eli');
    await reg('worker_s', 'fay', child('Ada', 'North', 'normal'));
    ok(await api.transition('worker_s', ids.fay, 'hold'), 'hold fay');
    await reg('mixed', 'gus', child('Gus', 'Lovelace', 'low'));
    await reg('officer', 'rf1', { description: 'Ada, 12, sleeping rough', urgency: 'immediate' }, 'referral_in');
    await reg('officer', 'rf2', { description: 'A boy from the north', urgency: 'routine' }, 'referral_in');
    ok(await api.transition('officer', ids.rf2, 'accept'), 'accept rf2');
    // Shares with the counsellor.
    const counsellor = (await t.http.get('/api/auth/me').set(await api.as('counsellor'))).body.id;
    for (const [who, key] of [
      ['worker_n', 'ada'],
      ['worker_n', 'bob'],
      ['worker_s', 'fay'],
    ]) {
      ok(
        await t.http
          .post(`/api/cases/${ids[key]}/shares`)
          .set(await api.as(who))
          .send({ userId: counsellor, reason: 'counselling' }),
        `share ${key}`,
      );
    }
    // Urgent cases are overdue after a day; normal ones after three.
    t.clock.advance(2 * 86_400_000);
    await reg('worker_n', 'hal', child('Hal', 'Lovelace', 'urgent'));
  },
};
