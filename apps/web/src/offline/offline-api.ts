/**
 * Offline work wired into the app's API calls (api.ts `setOfflineHooks`) and its set-up: the PIN,
 * the device's registration with the server, the policy, and the cases kept on the device.
 */
import type { CaseListPage, CaseView, Me } from '../api-types';
import { api, apiLocale, OfflineError, setOfflineHooks, setToken } from '../api';
import { DEFAULT_POLICY, offlineStore, type OfflinePolicy, type OfflineProfile } from './offline-store';
import { isLocalCasePath, readOffline, writeOffline } from './offline-answers';

const CASE_PATH = /^\/api\/cases\/([0-9a-f-]{36})(\/.*)?$/i;
/** What the case page reads besides the case: kept with it so the page opens offline. */
const CASE_PARTS = ['/transitions', '/deadlines', '/timeline', '/notes', '/flags'];
/** Answers kept whatever the case: the pack (forms, steps, labels) and the workflow the device's engine runs. */
const SHARED = [/^\/api\/sop$/, /^\/api\/sync\/workflow/];

function keepSeen(method: string, path: string, answer: unknown): void {
  const bare = path.split('?')[0];
  const store = offlineStore;
  if (method === 'GET') {
    if (bare === '/api/auth/me') {
      const me = answer as Me;
      if (me?.id === store.profile?.userId) void store.updateProfile((p) => ({ ...p, me }));
      return;
    }
    const m = CASE_PATH.exec(bare);
    if ((m && store.isKept(m[1])) || SHARED.some((r) => r.test(bare))) void store.keepAnswer(path, answer);
    return;
  }
  // A change made online to a kept case answers with the case as it now is: the device's copy follows.
  const m = CASE_PATH.exec(bare);
  if (!m || !store.isKept(m[1])) return;
  const view = ((answer as { case?: CaseView })?.case ?? answer) as CaseView | null;
  if (view && typeof view === 'object' && view.id === m[1] && typeof view.version === 'number') void store.keepAnswer(`/api/cases/${m[1]}`, view);
}

setOfflineHooks({
  active: () => offlineStore.unlocked,
  async local(method, path, body) {
    const m = CASE_PATH.exec(path.split('?')[0]);
    // A case registered here and synced since: the page may still be at its local address.
    const real = m && offlineStore.profile?.realOf[m[1]];
    if (real) return { answer: await api(method, path.replace(m[1], real), body) };
    if (!isLocalCasePath(path)) return null;
    if (method === 'GET') return { answer: await readOffline(path, apiLocale()) };
    const answer = await writeOffline(method, path, body, apiLocale());
    if (answer === undefined) throw new OfflineError('not_saved');
    return { answer };
  },
  read: (path) => readOffline(path, apiLocale()),
  write: (method, path, body) => writeOffline(method, path, body, apiLocale()),
  seen: keepSeen,
  unauthorised: (code) => {
    // Signed out remotely or deactivated: the queue is handed over at the next unlock, then everything here is deleted.
    offlineStore.markSessionEnded(code === 'session_expired' ? 'expired' : 'revoked');
    offlineStore.lock();
  },
});

/** Sets offline work up on this device for the signed-in user: the vault under the PIN, the device known to the server, the caseload kept. */
export async function setUpOffline(pin: string, me: Me, token: string, onProgress: (done: number, total: number) => void): Promise<void> {
  const device = await api<{ deviceId: string; secret: string }>('POST', '/api/sync/devices', {});
  const policy = await api<OfflinePolicy>('GET', '/api/sync/policy').catch(() => DEFAULT_POLICY);
  const profile: OfflineProfile = { userId: me.id, me, token, device, policy, lastSyncAt: new Date().toISOString(), kept: [], local: {}, realOf: {} };
  await offlineStore.create(pin, profile);
  offlineStore.setKeeping({ done: 0, total: 0 });
  try {
    // The pack and its workflow: cases registered offline run on the current version.
    const sop = await api<{ versionId: number }>('GET', '/api/sop');
    await api('GET', `/api/sync/workflow?version=${sop.versionId}`);
    await keepCaseload(onProgress);
  } catch (e) {
    // The device is set up; what was kept stays, and "Keep my current caseload" takes up the rest.
    offlineStore.setKeeping(null, e instanceof OfflineError ? 'offline' : 'error');
  }
}

/** The user's own open cases (assigned to them), kept on the device with what their pages read. */
export async function keepCaseload(onProgress: (done: number, total: number) => void): Promise<number> {
  const list = await api<CaseListPage>('GET', '/api/cases?mine=true&pageSize=100');
  const ids = list.items.filter((c) => c.status !== 'closed').map((c) => c.id);
  await keepCases(ids, onProgress);
  return ids.length;
}

export async function keepCases(ids: string[], onProgress: (done: number, total: number) => void): Promise<void> {
  let done = 0;
  const progress = () => {
    offlineStore.setKeeping({ done, total: ids.length });
    onProgress(done, ids.length);
  };
  progress();
  try {
    for (const id of ids) {
      // Counted as kept once everything its page reads is on the device.
      await offlineStore.keeping(id, () => keepCase(id));
      await offlineStore.updateProfile((p) => ({ ...p, kept: p.kept.includes(id) ? p.kept : [...p.kept, id] }));
      done++;
      progress();
    }
    offlineStore.setKeeping(null);
  } catch (e) {
    offlineStore.setKeeping(null, e instanceof OfflineError ? 'offline' : 'error');
    throw e;
  }
}

/** One case and the answers its page reads (kept as the GETs go by, keepSeen). */
async function keepCase(id: string): Promise<void> {
  const view = await api<CaseView>('GET', `/api/cases/${id}`);
  for (const part of [...CASE_PARTS, ...(view.may.readConsent ? ['/consents'] : [])]) await api('GET', `/api/cases/${id}${part}`).catch(() => undefined);
  for (const form of view.may.forms) await api('GET', `/api/cases/${id}/forms/${form}/schema`).catch(() => undefined);
  await api('GET', `/api/sync/workflow?version=${view.sopVersionId}`).catch(() => undefined);
}

/** Stops keeping a case: its answers leave the device (a change still queued for it stays queued). */
export async function releaseCase(id: string): Promise<void> {
  await offlineStore.forgetCase(id);
  await offlineStore.updateProfile((p) => ({ ...p, kept: p.kept.filter((k) => k !== id) }));
}

/** After a PIN unlock: the session the device was set up with, when the tab has none (reloaded, reopened offline). */
export function restoreSession(profile: OfflineProfile, hasToken: boolean): void {
  if (!hasToken) setToken(profile.token);
}

/** Refreshes the kept cases from the server after a sync: the device's copies become the server's. */
export async function refreshKept(): Promise<void> {
  const profile = offlineStore.profile;
  if (!profile) return;
  for (const id of profile.kept) {
    if (profile.local[id]) continue;
    try {
      await keepCase(id);
    } catch (e) {
      if (e instanceof OfflineError) return;
      // No longer readable (transferred, access withdrawn): it leaves the device.
      await releaseCase(id);
    }
  }
}
