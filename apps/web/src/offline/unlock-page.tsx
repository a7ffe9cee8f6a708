import { FormEvent, useState } from 'react';
import { useApp } from '../session';
import { MIN_PIN_LENGTH, VaultError } from './device-vault';
import { offlineStore, type OfflineProfile } from './offline-store';
import { useOfflineT } from './offline-texts';
import { handOver } from './sync-runner';

/** The PIN form: opens the device's store, or says how many tries are left (the last wrong one deletes everything). */
function PinForm({
  id,
  submitLabel,
  onOpened,
  onWiped,
}: {
  id: string;
  submitLabel: string;
  onOpened(profile: OfflineProfile): Promise<void>;
  onWiped(): void;
}) {
  const t = useOfflineT();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Too short to be the PIN: said at once, not counted as a try.
    if (pin.length < MIN_PIN_LENGTH) return setError(t('offline.pinTooShort'));
    setBusy(true);
    setError(null);
    try {
      await onOpened(await offlineStore.unlock(pin));
    } catch (err) {
      setPin('');
      if (err instanceof VaultError && err.code === 'pin_wrong') setError(t('offline.pinWrong', { n: err.triesLeft ?? 0 }));
      else if (err instanceof VaultError && err.code === 'vault_wiped') onWiped();
      else setError(String((err as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={id}>{t('offline.pin')}</label>
        <input
          id={id}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          required
          autoFocus
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      {error && (
        <div id={`${id}-error`} role="alert" className="problem">
          {error}
        </div>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

/**
 * The PIN asked before the device's kept cases can be read: at start (after a reload, offline too)
 * and after inactivity. The store is the signed-in user's only: another user who signs in on this
 * phone is not shown it, even with the PIN.
 */
export function UnlockPage({ onUnlocked, onForgotten }: { onUnlocked(profile: OfflineProfile): void; onForgotten(message: string): void }) {
  const t = useOfflineT();
  const { me } = useApp();
  const [otherUser, setOtherUser] = useState(false);
  const opened = async (profile: OfflineProfile) => {
    if (me && me.id !== profile.userId) {
      offlineStore.lock();
      setOtherUser(true);
      return;
    }
    onUnlocked(profile);
  };
  const forget = async () => {
    if (!window.confirm(t('offline.forgetConfirm'))) return;
    await offlineStore.wipe();
    onForgotten(t('offline.wiped'));
  };
  return (
    <section className="card narrow" aria-labelledby="unlock-title">
      <h1 id="unlock-title">{t('offline.unlockTitle')}</h1>
      {otherUser ? (
        <p role="alert" className="problem">
          {t('offline.otherUser')}
        </p>
      ) : (
        <>
          <p>{t('offline.unlockText')}</p>
          <PinForm id="unlock-pin" submitLabel={t('offline.unlock')} onOpened={opened} onWiped={() => onForgotten(t('offline.vaultWiped'))} />
        </>
      )}
      <p>
        <button type="button" className="link" onClick={forget}>
          {t('offline.forget')}
        </button>
      </p>
    </section>
  );
}

/**
 * When the server ended the session while the phone kept cases. Expired: shown above the sign-in
 * page; signing in again sends the changes as usual, and a user who cannot sign in hands them over.
 * Revoked (signed out remotely) or the user deactivated: the PIN hands the changes over for review,
 * and the phone then forgets everything.
 */
export function SessionEndedPanel({ revoked, onForgotten }: { revoked: boolean; onForgotten(message: string): void }) {
  const t = useOfflineT();
  const [handing, setHanding] = useState(revoked);
  const handOverWith = async () => {
    await handOver();
    onForgotten(t('offline.handedOver'));
  };
  return (
    <section className="card narrow" aria-labelledby="session-ended-title">
      <h2 id="session-ended-title">{t('offline.sessionEndedTitle')}</h2>
      <p>{t(revoked ? 'offline.sessionRevoked' : 'offline.sessionEnded')}</p>
      {handing ? (
        <PinForm id="handover-pin" submitLabel={t('offline.handOver')} onOpened={handOverWith} onWiped={() => onForgotten(t('offline.vaultWiped'))} />
      ) : (
        <button type="button" onClick={() => setHanding(true)}>
          {t('offline.cannotSignIn')}
        </button>
      )}
    </section>
  );
}
