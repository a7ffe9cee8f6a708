import { FormEvent, useState } from 'react';
import { VaultError } from './device-vault';
import { offlineStore, type OfflineProfile } from './offline-store';
import { useOfflineT } from './offline-texts';
import { handOver } from './sync-runner';
import { useOffline } from './use-offline';

/**
 * The PIN asked before the device's kept cases can be read: at start (after a reload, offline too)
 * and after inactivity. When the server ended the session meanwhile, the unlock hands the unsent
 * changes over for review and deletes the device's data.
 */
export function UnlockPage({ onUnlocked, onForgotten }: { onUnlocked(profile: OfflineProfile): void; onForgotten(message: string): void }) {
  const t = useOfflineT();
  const { sessionEnded } = useOffline();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const profile = await offlineStore.unlock(pin);
      if (sessionEnded) {
        await handOver();
        onForgotten(t('offline.handedOver'));
      } else onUnlocked(profile);
    } catch (err) {
      setPin('');
      if (err instanceof VaultError && err.code === 'pin_wrong') setError(t('offline.pinWrong', { n: err.triesLeft ?? 0 }));
      else if (err instanceof VaultError && err.code === 'vault_wiped') onForgotten(t('offline.vaultWiped'));
      else setError(String((err as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const forget = async () => {
    if (!window.confirm(t('offline.forgetConfirm'))) return;
    await offlineStore.wipe();
    onForgotten(t('offline.wiped'));
  };

  return (
    <section className="card narrow" aria-labelledby="unlock-title">
      <h1 id="unlock-title">{t('offline.unlockTitle')}</h1>
      <p>{sessionEnded ? t('offline.sessionEnded') : t('offline.unlockText')}</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="unlock-pin">{t('offline.pin')}</label>
          <input
            id="unlock-pin"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            required
            autoFocus
            value={pin}
            onChange={(e) => setPin(e.target.value)}
            aria-describedby={error ? 'unlock-error' : undefined}
          />
        </div>
        {error && (
          <div id="unlock-error" role="alert" className="problem">
            {error}
          </div>
        )}
        <button type="submit" className="primary" disabled={busy || pin.length === 0}>
          {t('offline.unlock')}
        </button>
      </form>
      <p>
        <button type="button" className="link" onClick={forget}>
          {t('offline.forget')}
        </button>
      </p>
    </section>
  );
}
