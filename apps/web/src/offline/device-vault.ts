/**
 * The phone's encrypted store for offline work (docs/adr/0012-offline-work-and-sync.md): every record
 * is encrypted with one random AES-GCM data key (a fresh IV each time); the data key is kept only
 * wrapped by a key derived from the user's PIN (PBKDF2-SHA-256). Nothing is readable without the
 * PIN; after MAX_WRONG_PINS wrong PINs in a row everything is deleted. WebCrypto only, so the same
 * code runs in the browser and in Node's tests.
 */

/** Where the vault keeps its bytes: IndexedDB in the browser. Values are structured-clonable. */
export interface VaultStorage {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
  clear(): Promise<void>;
}

export const MAX_WRONG_PINS = 5;
export const MIN_PIN_LENGTH = 6;
/** OWASP's figure for PBKDF2-SHA-256 (2023); tests pass fewer. */
export const DEFAULT_ITERATIONS = 600_000;

const META = 'vault:meta';
const RECORD = 'vault:record:';

interface Meta {
  salt: Uint8Array<ArrayBuffer>;
  iterations: number;
  iv: Uint8Array<ArrayBuffer>;
  wrappedKey: ArrayBuffer;
  wrongPins: number;
}

export type VaultErrorCode = 'vault_missing' | 'vault_exists' | 'pin_too_short' | 'pin_wrong' | 'vault_wiped' | 'vault_locked';

export class VaultError extends Error {
  constructor(
    readonly code: VaultErrorCode,
    /** For `pin_wrong`: how many tries are left before everything is deleted. */
    readonly triesLeft?: number,
  ) {
    super(code);
  }
}

const subtle = () => globalThis.crypto.subtle;
const random = (n: number): Uint8Array<ArrayBuffer> => globalThis.crypto.getRandomValues(new Uint8Array(new ArrayBuffer(n)));
/** WebCrypto's key type, named so in the browser's and Node's typings alike. */
type CryptoKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;

async function pinKey(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await subtle().importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

export class DeviceVault {
  private constructor(
    private readonly storage: VaultStorage,
    private key: CryptoKey | null,
  ) {}

  static async exists(storage: VaultStorage): Promise<boolean> {
    return (await storage.get(META)) !== undefined;
  }

  /** A new, empty vault under `pin`; refused when one exists (it would orphan its records). */
  static async create(storage: VaultStorage, pin: string, iterations = DEFAULT_ITERATIONS): Promise<DeviceVault> {
    if (pin.length < MIN_PIN_LENGTH) throw new VaultError('pin_too_short');
    if (await DeviceVault.exists(storage)) throw new VaultError('vault_exists');
    const dataKey = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
    const salt = random(16);
    const iv = random(12);
    const wrappedKey = await subtle().wrapKey('raw', dataKey, await pinKey(pin, salt, iterations), { name: 'AES-GCM', iv });
    const meta: Meta = { salt, iterations, iv, wrappedKey, wrongPins: 0 };
    await storage.put(META, meta);
    return DeviceVault.open(storage, pin);
  }

  /** Unlocks with `pin`. A wrong PIN counts; the last allowed one deletes everything. */
  static async open(storage: VaultStorage, pin: string): Promise<DeviceVault> {
    const meta = (await storage.get(META)) as Meta | undefined;
    if (!meta) throw new VaultError('vault_missing');
    let key: CryptoKey;
    try {
      key = await subtle().unwrapKey(
        'raw',
        meta.wrappedKey,
        await pinKey(pin, meta.salt, meta.iterations),
        { name: 'AES-GCM', iv: meta.iv },
        { name: 'AES-GCM', length: 256 },
        false,
        ['encrypt', 'decrypt'],
      );
    } catch {
      const wrongPins = meta.wrongPins + 1;
      if (wrongPins >= MAX_WRONG_PINS) {
        await storage.clear();
        throw new VaultError('vault_wiped');
      }
      await storage.put(META, { ...meta, wrongPins });
      throw new VaultError('pin_wrong', MAX_WRONG_PINS - wrongPins);
    }
    if (meta.wrongPins) await storage.put(META, { ...meta, wrongPins: 0 });
    return new DeviceVault(storage, key);
  }

  /** Everything gone: signed out remotely, deactivated, or the user asked. */
  static async wipe(storage: VaultStorage): Promise<void> {
    await storage.clear();
  }

  get locked(): boolean {
    return this.key === null;
  }

  /** Forgets the data key: the next read needs the PIN again (after inactivity). */
  lock(): void {
    this.key = null;
  }

  async put(name: string, value: unknown): Promise<void> {
    const iv = random(12);
    const data = await subtle().encrypt({ name: 'AES-GCM', iv }, this.unlocked(), new TextEncoder().encode(JSON.stringify(value)));
    await this.storage.put(RECORD + name, { iv, data });
  }

  async get<T>(name: string): Promise<T | undefined> {
    const stored = (await this.storage.get(RECORD + name)) as { iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer } | undefined;
    if (!stored) return undefined;
    const plain = await subtle().decrypt({ name: 'AES-GCM', iv: stored.iv }, this.unlocked(), stored.data);
    return JSON.parse(new TextDecoder().decode(plain)) as T;
  }

  async delete(name: string): Promise<void> {
    await this.storage.delete(RECORD + name);
  }

  async names(): Promise<string[]> {
    return (await this.storage.keys()).filter((k) => k.startsWith(RECORD)).map((k) => k.slice(RECORD.length));
  }

  private unlocked(): CryptoKey {
    if (!this.key) throw new VaultError('vault_locked');
    return this.key;
  }
}
