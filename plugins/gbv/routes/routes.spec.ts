/**
 * The routes against an in-memory stand-in for the plugin's tables and a scripted host: who may do
 * what, and that nothing sensitive leaves through events, audit entries or lists.
 */
import { randomUUID } from 'node:crypto';
import { PluginError, type PluginRequest, type PluginRoute } from '@app/plugin-sdk';
import gbv from '../index';
import type { GbvSettings } from '../settings';

const CASE = '22222222-2222-4222-8222-222222222222';
const OTHER_CASE = '55555555-5555-4555-8555-555555555555';
const settings: GbvSettings = {
  trainedRoles: ['gbv_caseworker'],
  consentPurposes: ['health', 'psychosocial', 'legal', 'safety', 'police', 'data_sharing'],
  consentMethods: ['verbal', 'written'],
  serviceTypes: ['health_care', 'police'],
  referralPurposes: { health_care: 'health' },
};

function fakeDb() {
  const t = { incidents: [] as any[], consents: [] as any[], referrals: [] as any[] };
  let seq = 0;
  const withCount = (i: any) => ({ ...i, referralCount: t.referrals.filter((r) => r.incidentId === i.id).length });
  async function query(sql: string, p: any[] = []): Promise<any[]> {
    const s = sql.replace(/\s+/g, ' ');
    if (s.includes('INSERT INTO incidents')) {
      const row = {
        id: randomUUID(),
        caseId: p[0],
        caseNumber: p[1],
        formVersion: p[2],
        answers: JSON.parse(p[3]),
        status: 'open',
        recordedAt: p[4],
        recordedBy: p[5],
        updatedAt: p[4],
      };
      t.incidents.push(row);
      return [withCount(row)];
    }
    if (s.includes('FOR UPDATE') && s.includes('FROM incidents')) return [];
    if (s.includes('FROM incidents i WHERE i.id = $1')) return t.incidents.filter((i) => i.id === p[0]).map(withCount);
    if (s.includes('FROM incidents i')) return [...t.incidents].reverse().map(withCount);
    if (s.includes('UPDATE incidents')) {
      Object.assign(
        t.incidents.find((i) => i.id === p[0]),
        { status: p[1], updatedAt: p[2] },
      );
      return [];
    }
    if (s.includes('INSERT INTO consents')) {
      const row = {
        id: randomUUID(),
        incidentId: p[0],
        purpose: p[1],
        decision: p[2],
        givenBy: p[3],
        method: p[4],
        recordedAt: p[5],
        recordedBy: p[6],
        seq: ++seq,
      };
      t.consents.push(row);
      return [row];
    }
    if (s.includes('FROM consents')) return t.consents.filter((c) => c.incidentId === p[0]);
    if (s.includes('INSERT INTO referrals')) {
      const row = {
        id: randomUUID(),
        incidentId: p[0],
        serviceType: p[1],
        purpose: p[2],
        providerName: p[3],
        notes: p[4],
        status: 'sent',
        createdAt: p[5],
        createdBy: p[6],
        updatedAt: p[5],
        updatedBy: p[6],
      };
      t.referrals.push(row);
      return [row];
    }
    if (s.includes('FROM referrals WHERE incident_id')) return t.referrals.filter((r) => r.incidentId === p[0]);
    if (s.includes('FROM referrals WHERE id')) return t.referrals.filter((r) => r.id === p[0]);
    if (s.includes('UPDATE referrals')) {
      const r = t.referrals.find((x) => x.id === p[0]);
      Object.assign(r, { status: p[1], updatedAt: p[2], updatedBy: p[3] });
      return [r];
    }
    throw new Error(`unexpected SQL: ${s}`);
  }
  return { t, query };
}

type Rights = Partial<Record<'read' | 'record' | 'consent' | 'refer', boolean>>;

function host(db: ReturnType<typeof fakeDb>, opts: { roles: string[]; rights?: Rights; readable?: string[] }) {
  const rights: Rights = opts.rights ?? { read: true, record: true, consent: true, refer: true };
  const readable = new Set(opts.readable ?? [CASE]);
  const events: any[] = [];
  const audit: any[] = [];
  const gets: string[] = [];
  let clock = Date.parse('2026-03-10T10:00:00Z');
  const ctx: any = {
    plugin: { id: 'gbv', version: '1.0.0' },
    settings,
    get now() {
      return new Date((clock += 1000));
    },
    db: { query: db.query },
    audit: {
      record: async (action: string, entry: any) => {
        audit.push({ action, ...entry });
      },
    },
    locations: { path: (c: string) => (['MD', 'CH', 'CH01'].includes(c) ? ['MD'] : null), label: () => null },
    user: { id: '33333333-3333-4333-8333-333333333333', username: 'u', displayName: 'U', roles: opts.roles, teamId: null, agencyId: null, locale: 'en' },
    can: () => true,
    cases: {
      get: async (id: string) => {
        gets.push(id);
        return { id, caseNumber: 'MD-CH-2026-000042', displayName: 'Ana Survivor', answers: {} };
      },
      can: async (id: string, action: keyof Rights) => readable.has(id) && rights[action] === true,
      readable: async (ids: string[]) => new Set(ids.filter((i) => readable.has(i))),
      recordEvent: async (caseId: string, type: string, data: any) => {
        events.push({ caseId, type, data });
      },
      consent: async () => 'unknown',
    },
    forms: { check: (_f: string, a: any) => (typeof a.incident_type === 'string' ? [] : [{ path: '/incident_type', message: 'is required' }]) },
    notify: { roles: async () => 0 },
  };
  return { ctx, events, audit, gets };
}

const route = (id: string): PluginRoute<GbvSettings> => gbv.routes!.find((r) => r.id === id)!;
const call = (h: { ctx: any }, id: string, req: Partial<PluginRequest>) => route(id).handler(h.ctx, { params: {}, query: {}, body: {}, ...req });
async function refusal(p: Promise<unknown>): Promise<{ code: string; status: number; extras: Record<string, unknown> }> {
  const e = await p.then(
    () => null,
    (err) => err,
  );
  expect(e).toBeInstanceOf(PluginError);
  return { code: e.code, status: e.status, extras: e.extras };
}

const ANSWERS = { incident_type: 'rape', incident_date: '2026-03-01', date_reported: '2026-03-02', area: 'CH01', narrative: 'secret account' };
const TRAINED = { roles: ['caseworker', 'gbv_caseworker'] };

async function recorded(db = fakeDb()) {
  const h = host(db, TRAINED);
  const view: any = await call(h, 'record_incident', { params: { caseId: CASE }, body: { answers: ANSWERS } });
  return { db, h, id: view.id as string, view };
}

describe('recording an incident', () => {
  it('takes GBV training besides the permission', async () => {
    const db = fakeDb();
    const h = host(db, { roles: ['caseworker'] });
    expect(await refusal(call(h, 'record_incident', { params: { caseId: CASE }, body: { answers: ANSWERS } }))).toMatchObject({
      code: 'gbv_training_required',
      status: 403,
    });
    expect(db.t.incidents).toHaveLength(0);
    expect(h.events).toHaveLength(0);
  });

  it('answers 400 with the problems of the answers', async () => {
    const h = host(fakeDb(), TRAINED);
    const r = await refusal(call(h, 'record_incident', { params: { caseId: CASE }, body: { answers: { ...ANSWERS, incident_type: undefined } } }));
    expect(r).toMatchObject({ code: 'validation_failed', status: 400, extras: { errors: [{ path: '/incident_type', message: 'is required' }] } });
    const later = await refusal(
      call(h, 'record_incident', { params: { caseId: CASE }, body: { answers: { ...ANSWERS, date_reported: '2026-02-01', area: 'ZZ' } } }),
    );
    expect(later.extras.errors).toEqual([
      { path: '/date_reported', message: 'is before the date of the incident' },
      { path: '/area', message: 'is not a location code of the pack' },
    ]);
  });

  it('puts only the incident id on the timeline and in the audit log', async () => {
    const { h, id, view, db } = await recorded();
    expect(h.events).toEqual([{ caseId: CASE, type: 'incident_recorded', data: { incidentId: id } }]);
    expect(h.audit).toEqual([
      {
        action: 'incident_recorded',
        caseId: CASE,
        fields: Object.keys(ANSWERS)
          .map((f) => `gbv_incident.${f}`)
          .sort(),
        details: { incidentId: id },
      },
    ]);
    expect(JSON.stringify(h.audit)).not.toContain('secret');
    expect(view).toMatchObject({ caseNumber: 'MD-CH-2026-000042', detailsHidden: false, details: { incidentType: 'rape', referrals: [] } });
    expect(JSON.stringify(view)).not.toContain('Ana Survivor');
    expect(db.t.incidents[0].caseNumber).toBe('MD-CH-2026-000042');
  });
});

describe('reading incidents', () => {
  it('shows an untrained reader that the incident exists, nothing more', async () => {
    const { db, id } = await recorded();
    const h = host(db, { roles: ['supervisor'], rights: { read: true } });
    const view: any = await call(h, 'get_incident', { params: { incidentId: id } });
    expect(view).toEqual({
      id,
      caseId: CASE,
      caseNumber: 'MD-CH-2026-000042',
      recordedAt: expect.any(String),
      status: 'open',
      referralCount: 0,
      details: null,
      detailsHidden: true,
    });
    expect(await refusal(call(h, 'list_consents', { params: { incidentId: id } }))).toMatchObject({ code: 'gbv_training_required' });
    expect(h.audit).toEqual([]);
  });

  it('answers 404 for an incident of a case the user may not read, or a malformed id', async () => {
    const { db, id } = await recorded();
    const h = host(db, { ...TRAINED, readable: [OTHER_CASE] });
    expect(await refusal(call(h, 'get_incident', { params: { incidentId: id } }))).toMatchObject({ code: 'gbv_incident_not_found', status: 404 });
    expect(await refusal(call(h, 'get_incident', { params: { incidentId: 'nope' } }))).toMatchObject({ code: 'gbv_incident_not_found' });
  });

  it('lists incidents of readable cases by case number, never by name, and audits what trained readers saw', async () => {
    const db = fakeDb();
    await recorded(db);
    db.t.incidents.push({ ...db.t.incidents[0], id: randomUUID(), caseId: OTHER_CASE, caseNumber: 'MD-ST-2026-000001' });
    const h = host(db, TRAINED);
    const page: any = await call(h, 'list_incidents', { query: {} });
    expect(page.items.map((i: any) => i.caseNumber)).toEqual(['MD-CH-2026-000042']);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0].details).toEqual({ incidentType: 'rape', incidentTypeLabel: 'Rape', incidentDate: '2026-03-01' });
    expect(h.gets).toEqual([]);
    expect(h.audit).toEqual([
      {
        action: 'incident_viewed',
        caseId: CASE,
        fields: ['gbv_incident.incident_date', 'gbv_incident.incident_type'],
        details: { incidentIds: [page.items[0].id] },
      },
    ]);
  });
});

describe('consent and referrals', () => {
  const consent = (h: any, id: string, purpose: string, decision: string) =>
    call(h, 'record_consent', { params: { incidentId: id }, body: { purpose, decision, givenBy: 'survivor', method: 'verbal' } });
  const refer = (h: any, id: string, serviceType = 'health_care') =>
    call(h, 'make_referral', { params: { incidentId: id }, body: { serviceType, providerName: 'Clinic no. 1' } });

  it('refuses a referral until the consent of its purpose is granted, and again once it is withdrawn', async () => {
    const { db, id } = await recorded();
    const h = host(db, TRAINED);
    expect(await refusal(refer(h, id))).toEqual({ code: 'gbv_consent_missing', status: 409, extras: { purpose: 'health', consent: 'unknown' } });
    await consent(h, id, 'health', 'granted');
    const referral: any = await refer(h, id);
    expect(referral).toMatchObject({ serviceType: 'health_care', purpose: 'health', status: 'sent', providerName: 'Clinic no. 1' });
    const withdrawn: any = await consent(h, id, 'health', 'withdrawn');
    expect(withdrawn.current.health).toBe('withdrawn');
    expect(withdrawn.openReferralsForPurpose).toBe(1);
    expect(await refusal(refer(h, id))).toMatchObject({ code: 'gbv_consent_missing', extras: { purpose: 'health', consent: 'withdrawn' } });
    expect(await refusal(refer(h, id, 'police'))).toMatchObject({ code: 'gbv_consent_missing', extras: { purpose: 'police' } });
    expect(JSON.stringify(h.audit.filter((a: any) => a.action !== 'incident_recorded'))).not.toMatch(/health|police|granted|withdrawn/);
  });

  it('takes training, a known purpose, method and service type, and an open incident', async () => {
    const { db, id } = await recorded();
    const untrained = host(db, { roles: ['caseworker'] });
    expect(await refusal(consent(untrained, id, 'health', 'granted'))).toMatchObject({ code: 'gbv_training_required' });
    expect(await refusal(refer(untrained, id))).toMatchObject({ code: 'gbv_training_required' });
    const h = host(db, TRAINED);
    expect(await refusal(consent(h, id, 'shelter', 'granted'))).toMatchObject({
      code: 'validation_failed',
      extras: { errors: [{ path: '/purpose', message: expect.any(String) }] },
    });
    expect(await refusal(refer(h, id, 'shelter'))).toMatchObject({ code: 'validation_failed' });
    await call(h, 'update_incident_status', { params: { incidentId: id }, body: { status: 'closed' } });
    await consent(h, id, 'health', 'granted');
    expect(await refusal(refer(h, id))).toMatchObject({ code: 'gbv_incident_closed', status: 409 });
  });

  it('needs the action on the case: readable but not granted answers 403', async () => {
    const { db, id } = await recorded();
    const h = host(db, { ...TRAINED, rights: { read: true } });
    expect(await refusal(refer(h, id))).toMatchObject({ code: 'plugin_permission_denied', status: 403 });
  });

  it('moves a referral only forward', async () => {
    const { db, id } = await recorded();
    const h = host(db, TRAINED);
    await consent(h, id, 'health', 'granted');
    const referral: any = await refer(h, id);
    const patch = (status: string) => call(h, 'update_referral', { params: { referralId: referral.id }, body: { status } });
    expect(await patch('accepted')).toMatchObject({ status: 'accepted' });
    expect(await patch('completed')).toMatchObject({ status: 'completed' });
    expect(await refusal(patch('declined'))).toEqual({ code: 'gbv_referral_status', status: 409, extras: { status: 'completed', allowed: [] } });
    const other = host(db, { ...TRAINED, readable: [OTHER_CASE] });
    expect(await refusal(call(other, 'update_referral', { params: { referralId: referral.id }, body: { status: 'declined' } }))).toMatchObject({
      code: 'gbv_referral_not_found',
      status: 404,
    });
  });
});
