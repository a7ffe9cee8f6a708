/**
 * The device's offline state (docs/adr/0012-offline-work-and-sync.md): the encrypted vault, who it
 * belongs to, the cases kept on it, the answers the app read for them, and the queue of changes made
 * without a connection. Everything here is in the vault, never in clear; the data key is in memory
 * only while unlocked, and forgotten after the pack's `lockAfterMinutes` without use.
 */
import type { Me } from '../api-types';
import type { QueuedChange } from './offline-types';
import { DeviceVault, VaultError } from './device-vault';
import { IdbStorage } from './idb-storage';

export type OfflineStatus = 'none' | 'locked' | 'unlocked';

export interface OfflinePolicy {
  maxDays: number;
  lockAfterMinutes: number;
}

/** Who the vault is for, and what it holds. */
export interface OfflineProfile {
  userId: string;
  me: Me;
  token: string;
  device: { deviceId: string; secret: string } | null;
  policy: OfflinePolicy;
  /** When the device last reached the server with its queue empty (ISO); offline reads stop maxDays after it. */
  lastSyncAt: string;
  /** Case ids kept on the device (real ids and local ids of cases registered offline). */
  kept: string[];
  /** Cases registered on this device and not yet synced: local id (the page's) → the temporary id the queue names. */
  local: Record<string, { tempRef: string; caseType: string }>;
  /** Local ids already synced → the real case id (a page still open at the local address moves there). */
  realOf: Record<string, string>;
}

export interface SyncProgress {
  running: boolean;
  done: number;
  total: number;
  /** Changes the last sync could not apply (held for review on the server). */
  held: number;
  /** Why the last sync stopped early (a code of the API, or 'offline'). */
  error: string | null;
}

export interface OfflineSnapshot {
  status: OfflineStatus;
  profile: OfflineProfile | null;
  queued: number;
  sync: SyncProgress;
  /** The session ended on the server (signed out remotely, deactivated) while changes were queued: they are handed over at unlock. */
  sessionEnded: false | 'expired' | 'revoked';
  /** Counts the device's copies of cases written: a screen listing them reads them again. */
  revision: number;
  /** Cases being kept (set-up, "keep my caseload"): how far, and why it stopped when it did. */
  keeping: { done: number; total: number } | null;
  keepError: string | null;
}

const CASE_VIEW = /^\/api\/cases\/[0-9a-f-]{36}$/i;
const PROFILE = 'profile';
const QUEUE = 'queue';
const ANSWER = 'answer:';
export const DEFAULT_POLICY: OfflinePolicy = { maxDays: 7, lockAfterMinutes: 15 };

/** A GET path as kept: without the cache-busting `v=` the pages add and the language api.ts adds. */
export function answerKey(path: string): string {
  const [base, query] = path.split('?');
  if (!query) return base;
  const params = new URLSearchParams(query);
  params.delete('v');
  params.delete('locale');
  const rest = params.toString();
  return rest ? `${base}?${rest}` : base;
}

class OfflineStore {
  private readonly storage = new IdbStorage();
  private vault: DeviceVault | null = null;
  private state: OfflineSnapshot = {
    status: 'none',
    profile: null,
    queued: 0,
    sync: { running: false, done: 0, total: 0, held: 0, error: null },
    sessionEnded: false,
    revision: 0,
    keeping: null,
    keepError: null,
  };
  /** Cases whose answers are being fetched to be kept: their GETs are kept before they count as kept. */
  private readonly keepingIds = new Set<string>();
  private queueCache: QueuedChange[] = [];
  private readonly listeners = new Set<() => void>();
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  snapshot = (): OfflineSnapshot => this.state;

  private set(patch: Partial<OfflineSnapshot>): void {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((fn) => fn());
  }

  get unlocked(): boolean {
    return this.state.status === 'unlocked' && this.vault !== null && !this.vault.locked;
  }

  get profile(): OfflineProfile | null {
    return this.state.profile;
  }

  /** At start: is there a vault on this device (then the PIN is asked before anything else)? */
  async init(): Promise<OfflineStatus> {
    try {
      const exists = await DeviceVault.exists(this.storage);
      this.set({ status: exists ? 'locked' : 'none' });
    } catch {
      // No IndexedDB (a private window in some browsers): the app works online only.
      this.set({ status: 'none' });
    }
    return this.state.status;
  }

  async create(pin: string, profile: OfflineProfile): Promise<void> {
    this.vault = await DeviceVault.create(this.storage, pin);
    this.queueCache = [];
    await this.vault.put(PROFILE, profile);
    await this.vault.put(QUEUE, []);
    this.set({ status: 'unlocked', profile, queued: 0 });
    this.touch();
  }

  /** Opens the vault with the PIN; a wrong one throws VaultError (`pin_wrong` with the tries left, or `vault_wiped`). */
  async unlock(pin: string): Promise<OfflineProfile> {
    try {
      this.vault = await DeviceVault.open(this.storage, pin);
    } catch (e) {
      if (e instanceof VaultError && e.code === 'vault_wiped') this.set({ status: 'none', profile: null, queued: 0 });
      throw e;
    }
    const profile = (await this.vault.get<OfflineProfile>(PROFILE))!;
    this.queueCache = (await this.vault.get<QueuedChange[]>(QUEUE)) ?? [];
    this.set({ status: 'unlocked', profile, queued: this.queueCache.length });
    this.touch();
    return profile;
  }

  lock(): void {
    this.vault?.lock();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.state.status === 'unlocked') this.set({ status: 'locked' });
  }

  /** Everything on the device deleted: signed out, deactivated, handed over, or the user asked. */
  async wipe(): Promise<void> {
    this.vault?.lock();
    this.vault = null;
    this.queueCache = [];
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await DeviceVault.wipe(this.storage).catch(() => undefined);
    this.set({
      status: 'none',
      profile: null,
      queued: 0,
      sessionEnded: false,
      keeping: null,
      keepError: null,
      sync: { running: false, done: 0, total: 0, held: 0, error: null },
    });
  }

  /** Use of the app: the inactivity lock starts again. */
  touch(): void {
    if (!this.unlocked || !this.state.profile) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.lock(), this.state.profile.policy.lockAfterMinutes * 60_000);
  }

  markSessionEnded(how: 'expired' | 'revoked'): void {
    this.set({ sessionEnded: how });
  }

  /** The user signed in again: the device sends with the new session from now on. */
  async renewSession(token: string): Promise<void> {
    if (this.state.profile?.token !== token) await this.updateProfile((p) => ({ ...p, token }));
    this.set({ sessionEnded: false });
  }

  setSync(patch: Partial<SyncProgress>): void {
    this.set({ sync: { ...this.state.sync, ...patch } });
  }

  /**
   * Changes of the queue and the profile are read, changed and written under one lock across the
   * browser's tabs (Web Locks), from what the store holds now: two tabs unlocked at once each add
   * their changes, neither overwrites the other's.
   */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    return locks ? (locks.request('cmis-offline-store', work) as Promise<T>) : work();
  }

  async updateProfile(change: (p: OfflineProfile) => OfflineProfile): Promise<OfflineProfile> {
    return this.exclusive(async () => {
      const next = change((await this.vault!.get<OfflineProfile>(PROFILE)) ?? this.state.profile!);
      await this.vault!.put(PROFILE, next);
      this.set({ profile: next });
      return next;
    });
  }

  /** Beyond the pack's maxDays since the last sync, kept cases are not opened until the device syncs. */
  tooLongOffline(now = Date.now()): boolean {
    const p = this.state.profile;
    return !!p && now - Date.parse(p.lastSyncAt) > p.policy.maxDays * 86_400_000;
  }

  /** The queue, in the order the changes were made (as stored: another tab may have added to it). */
  async queue(): Promise<QueuedChange[]> {
    this.queueCache = (await this.vault!.get<QueuedChange[]>(QUEUE)) ?? [];
    this.set({ queued: this.queueCache.length });
    return [...this.queueCache];
  }

  async enqueue(change: QueuedChange): Promise<void> {
    await this.exclusive(async () => {
      this.queueCache = [...((await this.vault!.get<QueuedChange[]>(QUEUE)) ?? []), change];
      await this.vault!.put(QUEUE, this.queueCache);
    });
    this.set({ queued: this.queueCache.length });
  }

  async dequeue(keys: Set<string>): Promise<void> {
    await this.exclusive(async () => {
      this.queueCache = ((await this.vault!.get<QueuedChange[]>(QUEUE)) ?? []).filter((c) => !keys.has(c.key));
      await this.vault!.put(QUEUE, this.queueCache);
    });
    this.set({ queued: this.queueCache.length });
  }

  // Answers of the API kept for offline reading, by path.
  async answer<T>(path: string): Promise<T | undefined> {
    return this.unlocked ? this.vault!.get<T>(ANSWER + answerKey(path)) : undefined;
  }

  async keepAnswer(path: string, body: unknown): Promise<void> {
    if (!this.unlocked) return;
    await this.vault!.put(ANSWER + answerKey(path), body);
    if (CASE_VIEW.test(path)) this.set({ revision: this.state.revision + 1 });
  }

  /** Drops every kept answer of a case (it is no longer kept, or it was synced under its real id). */
  async forgetCase(id: string): Promise<void> {
    if (!this.unlocked) return;
    const prefix = `${ANSWER}/api/cases/${id}`;
    for (const name of await this.vault!.names())
      if (name === prefix || name.startsWith(`${prefix}/`) || name.startsWith(`${prefix}?`)) await this.vault!.delete(name);
  }

  isKept(caseId: string): boolean {
    return this.keepingIds.has(caseId) || !!this.state.profile?.kept.includes(caseId);
  }

  setKeeping(keeping: { done: number; total: number } | null, keepError: string | null = null): void {
    this.set({ keeping, keepError });
  }

  /** Runs the fetching of one case to keep: its answers are kept as they come; it counts as kept once all are. */
  async keeping<T>(caseId: string, work: () => Promise<T>): Promise<T> {
    this.keepingIds.add(caseId);
    try {
      return await work();
    } finally {
      this.keepingIds.delete(caseId);
    }
  }

  isLocal(caseId: string): boolean {
    return !!this.state.profile?.local[caseId];
  }
}

/** The one store of this page (a second tab reads the same IndexedDB and asks for the PIN too). */
export const offlineStore = new OfflineStore();
