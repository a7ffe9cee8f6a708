/**
 * Sends the device's queue when there is a connection: in order, in batches, each change once by its
 * key (a batch whose reply is lost is sent again and the server answers its first outcomes). An
 * applied registration gives the case its real id and number; a held change leaves the queue and
 * waits on the server for review (/sync/held). Then the kept cases are read again.
 */
import { api, ApiError, OfflineError } from '../api';
import { navigate } from '../router';
import { offlineStore } from './offline-store';
import { refreshKept } from './offline-api';
import type { SyncOutcome } from './offline-types';
import { announceHeldChanged } from './held-nav-link';

/** Changes per request (the API takes at most 200). */
const BATCH = 50;
const RETRY_MS = 60_000;

export async function syncNow(): Promise<void> {
  if (!offlineStore.unlocked || offlineStore.snapshot().sync.running) return;
  offlineStore.setSync({ running: true, done: 0, total: 0, error: null });
  let held = 0;
  try {
    const queue = await offlineStore.queue();
    offlineStore.setSync({ total: queue.length });
    for (let i = 0; i < queue.length; i += BATCH) {
      const batch = queue.slice(i, i + BATCH);
      const { outcomes } = await api<{ outcomes: SyncOutcome[] }>('POST', '/api/sync', { changes: batch });
      for (const o of outcomes) {
        if (o.outcome === 'applied' && o.tempId) await registered(o.tempId, o.caseId);
        if (o.outcome === 'held') held++;
      }
      await offlineStore.dequeue(new Set(outcomes.map((o) => o.key)));
      offlineStore.setSync({ done: i + batch.length });
    }
    await offlineStore.updateProfile((p) => ({ ...p, lastSyncAt: new Date().toISOString() }));
    offlineStore.setSync({ held });
    // The menu's count of changes to review follows at once.
    if (held > 0) announceHeldChanged();
    await refreshKept();
    offlineStore.setSync({ running: false, error: null });
  } catch (e) {
    offlineStore.setSync({ running: false, held, error: e instanceof OfflineError ? 'offline' : e instanceof ApiError ? e.code : 'error' });
  }
}

/** A case registered on the device now exists on the server: its kept copy and any open page move to the real one. */
async function registered(tempRef: string, caseId: string): Promise<void> {
  let localId: string | undefined;
  // The profile as stored: the registration may have been made in another tab.
  await offlineStore.updateProfile((p) => {
    localId = Object.keys(p.local).find((id) => p.local[id].tempRef === tempRef);
    if (!localId) return p;
    const { [localId]: _synced, ...local } = p.local;
    return { ...p, local, realOf: { ...p.realOf, [localId]: caseId }, kept: p.kept.map((id) => (id === localId ? caseId : id)) };
  });
  if (!localId) return;
  await offlineStore.forgetCase(localId);
  if (location.pathname.startsWith(`/cases/${localId}`)) navigate(location.pathname.replace(localId, caseId), true);
}

/**
 * After the session ended on the server (signed out remotely, deactivated): the queue goes to the
 * server with the device's own secret, to be kept for review and never applied; then the device forgets everything.
 */
export async function handOver(): Promise<void> {
  const profile = offlineStore.profile!;
  const changes = await offlineStore.queue();
  for (let i = 0; profile.device && i < changes.length; i += BATCH) {
    const res = await fetch('/api/sync/handover', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Device ${profile.device.deviceId}:${profile.device.secret}` },
      body: JSON.stringify({ changes: changes.slice(i, i + BATCH) }),
    });
    if (!res.ok) throw new ApiError(res.status, 'handover_failed', res.statusText);
  }
  await offlineStore.wipe();
}

let started = false;

/** A device online with nothing to send still syncs this often: its kept cases are read again, and its offline days counted from now. */
const REFRESH_MS = 3_600_000;

/** Syncs when the connection comes back, every minute while changes wait, and every hour otherwise. */
export function startAutoSync(): void {
  if (started) return;
  started = true;
  window.addEventListener('online', () => void syncNow());
  setInterval(() => {
    if (!navigator.onLine || !offlineStore.unlocked) return;
    const { queued, profile } = offlineStore.snapshot();
    if (queued > 0 || (profile && Date.now() - Date.parse(profile.lastSyncAt) > REFRESH_MS)) void syncNow();
  }, RETRY_MS);
}
