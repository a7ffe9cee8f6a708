import type { VaultStorage } from './device-vault';

/** The IndexedDB database and object store the device vault lives in (one per browser profile and origin). */
export const OFFLINE_DB = 'cmis-offline';
export const OFFLINE_STORE = 'vault';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * The vault's bytes in IndexedDB. Values are stored as given (the vault's encrypted records and its
 * wrapped key); one short transaction per call, so a closed tab never leaves one half done.
 */
export class IdbStorage implements VaultStorage {
  private db: Promise<IDBDatabase> | null = null;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(OFFLINE_DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(OFFLINE_STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return this.db;
  }

  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.open()).transaction(OFFLINE_STORE, mode).objectStore(OFFLINE_STORE);
  }

  async get(key: string): Promise<unknown> {
    return request((await this.store('readonly')).get(key));
  }

  async put(key: string, value: unknown): Promise<void> {
    await request((await this.store('readwrite')).put(value, key));
  }

  async delete(key: string): Promise<void> {
    await request((await this.store('readwrite')).delete(key));
  }

  async keys(): Promise<string[]> {
    return (await request((await this.store('readonly')).getAllKeys())).map(String);
  }

  async clear(): Promise<void> {
    await request((await this.store('readwrite')).clear());
  }
}
