import { DeviceVault, MAX_WRONG_PINS, VaultError, VaultStorage } from '../../apps/web/src/offline/device-vault';

/** The vault's bytes as IndexedDB would hold them, so the test can read them directly. */
class Bytes implements VaultStorage {
  readonly map = new Map<string, unknown>();
  async get(key: string) {
    return structuredClone(this.map.get(key));
  }
  async put(key: string, value: unknown) {
    this.map.set(key, structuredClone(value));
  }
  async delete(key: string) {
    this.map.delete(key);
  }
  async keys() {
    return [...this.map.keys()];
  }
  async clear() {
    this.map.clear();
  }
}

const ITERATIONS = 1_000; // the product uses 600,000; the rules are the same
const caseView = {
  id: 'c1',
  caseNumber: 'CH-2026-000123',
  forms: { registration: [{ answers: { first_name: 'Irina', last_name: 'Munteanu', idnp: '2001234567890' } }] },
};

const errorOf = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (e) {
    return e as VaultError;
  }
  throw new Error('expected a refusal');
};

describe('the device vault (offline cases on the phone)', () => {
  it('keeps a case readable with the PIN, and nothing of it readable in the stored bytes', async () => {
    const bytes = new Bytes();
    const vault = await DeviceVault.create(bytes, '482913', ITERATIONS);
    await vault.put('case:c1', caseView);
    expect(await vault.get('case:c1')).toEqual(caseView);

    const stored = JSON.stringify([...bytes.map.entries()], (_k, v) =>
      v instanceof Uint8Array || v instanceof ArrayBuffer ? Buffer.from(v as ArrayBuffer).toString('latin1') : v,
    );
    for (const secret of ['Irina', 'Munteanu', '2001234567890', 'CH-2026-000123']) expect(stored).not.toContain(secret);

    const reopened = await DeviceVault.open(bytes, '482913');
    expect(await reopened.get('case:c1')).toEqual(caseView);
    expect(await reopened.names()).toEqual(['case:c1']);
  });

  it('refuses a short PIN and a second vault over the first', async () => {
    expect((await errorOf(DeviceVault.create(new Bytes(), '1234', ITERATIONS))).code).toBe('pin_too_short');
    const bytes = new Bytes();
    await DeviceVault.create(bytes, '482913', ITERATIONS);
    expect((await errorOf(DeviceVault.create(bytes, '999999', ITERATIONS))).code).toBe('vault_exists');
  });

  it('says how many tries are left after a wrong PIN, forgets them after the right one, and deletes everything at the last', async () => {
    const bytes = new Bytes();
    const vault = await DeviceVault.create(bytes, '482913', ITERATIONS);
    await vault.put('case:c1', caseView);
    expect(await errorOf(DeviceVault.open(bytes, '000000'))).toMatchObject({ code: 'pin_wrong', triesLeft: MAX_WRONG_PINS - 1 });
    await DeviceVault.open(bytes, '482913');
    for (let i = 1; i < MAX_WRONG_PINS; i++)
      expect(await errorOf(DeviceVault.open(bytes, '000000'))).toMatchObject({ code: 'pin_wrong', triesLeft: MAX_WRONG_PINS - i });
    expect((await errorOf(DeviceVault.open(bytes, '000000'))).code).toBe('vault_wiped');
    expect(bytes.map.size).toBe(0);
    expect((await errorOf(DeviceVault.open(bytes, '482913'))).code).toBe('vault_missing');
  });

  it('needs the PIN again once locked', async () => {
    const vault = await DeviceVault.create(new Bytes(), '482913', ITERATIONS);
    await vault.put('case:c1', caseView);
    vault.lock();
    expect(vault.locked).toBe(true);
    expect((await errorOf(vault.get('case:c1'))).code).toBe('vault_locked');
  });

  it('detects a record changed on the device (authenticated encryption)', async () => {
    const bytes = new Bytes();
    const vault = await DeviceVault.create(bytes, '482913', ITERATIONS);
    await vault.put('case:c1', caseView);
    const record = bytes.map.get('vault:record:case:c1') as { data: ArrayBuffer };
    new Uint8Array(record.data)[0] ^= 1;
    await expect(vault.get('case:c1')).rejects.toThrow();
  });
});
