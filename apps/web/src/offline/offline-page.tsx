import { FormEvent, useEffect, useState } from 'react';
import type { CaseView } from '../api-types';
import { getToken } from '../api';
import { Problem } from '../components/problem';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp } from '../session';
import { MAX_WRONG_PINS, MIN_PIN_LENGTH } from './device-vault';
import { keepCaseload, setUpOffline } from './offline-api';
import { offlineStore } from './offline-store';
import { useOfflineT } from './offline-texts';
import { syncNow } from './sync-runner';
import { useOffline, useOnline } from './use-offline';

/** /offline: set offline work up on this device, or see what it keeps, send what waits, and delete it. */
export default function OfflinePage() {
  const t = useOfflineT();
  const { status } = useOffline();
  return (
    <section aria-labelledby="offline-title">
      <h1 id="offline-title">{t('offline.title')}</h1>
      <p>{t('offline.intro')}</p>
      {status === 'none' ? <SetUp /> : <OnThisDevice />}
    </section>
  );
}

function SetUp() {
  const t = useOfflineT();
  const { me } = useApp();
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!/^\d+$/.test(pin) || pin.length < MIN_PIN_LENGTH) return setProblem(t('offline.pinTooShort'));
    if (pin !== again) return setProblem(t('offline.pinMismatch'));
    setProblem(null);
    setProgress({ done: 0, total: 0 });
    try {
      await setUpOffline(pin, me!, getToken()!, (done, total) => setProgress({ done, total }));
    } catch (err) {
      // Only before the device was set up (its registration with the server): nothing was kept.
      setError(err);
      setProgress(null);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="offline-setup-title">
      <h2 id="offline-setup-title">{t('offline.setupTitle')}</h2>
      <p id="offline-pin-help">{t('offline.setupText', { n: MAX_WRONG_PINS })}</p>
      <div className="field">
        <label htmlFor="offline-pin">{t('offline.pin')}</label>
        <input
          id="offline-pin"
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          required
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          aria-describedby="offline-pin-help"
        />
      </div>
      <div className="field">
        <label htmlFor="offline-pin-again">{t('offline.pinAgain')}</label>
        <input
          id="offline-pin-again"
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          required
          value={again}
          onChange={(e) => setAgain(e.target.value)}
        />
      </div>
      {problem && (
        <div role="alert" className="problem">
          {problem}
        </div>
      )}
      <Problem error={error} />
      {progress && (
        <p role="status">
          {t('offline.keeping', progress)} <progress max={progress.total || 1} value={progress.done} aria-hidden="true" />
        </p>
      )}
      <button type="submit" className="primary" disabled={!!progress}>
        {t('offline.setup')}
      </button>
    </form>
  );
}

function OnThisDevice() {
  const t = useOfflineT();
  const { locale, timeZone } = useApp();
  const { profile, queued, sync, revision, keeping, keepError } = useOffline();
  const online = useOnline();
  const [kept, setKept] = useState<CaseView[]>([]);
  useEffect(() => {
    let live = true;
    void Promise.all((profile?.kept ?? []).map((id) => offlineStore.answer<CaseView>(`/api/cases/${id}`))).then((views) => {
      if (live) setKept(views.filter((v): v is CaseView => !!v));
    });
    return () => {
      live = false;
    };
  }, [profile, revision]);
  if (!profile) return null;

  const keepAgain = () => keepCaseload(() => undefined).catch(() => undefined);
  const wipe = async () => {
    if (window.confirm(t('offline.wipeConfirm', { n: queued }))) await offlineStore.wipe();
  };

  return (
    <>
      <div className="card" aria-labelledby="offline-status-title">
        <h2 id="offline-status-title">{t('offline.statusTitle')}</h2>
        <p role="status" aria-live="polite">
          {online ? t('offline.online') : t('offline.offline')}
        </p>
        {offlineStore.tooLongOffline() && (
          <div role="alert" className="problem">
            {t('offline.tooLong', { n: profile.policy.maxDays })}
          </div>
        )}
        <ul>
          <li>{t('offline.kept', { n: profile.kept.length })}</li>
          <li>{t('offline.queued', { n: queued })}</li>
          <li>{t('offline.lastSync', { at: formatDateTime(profile.lastSyncAt, locale, timeZone) })}</li>
        </ul>
        <SyncStatus />
        <p className="actions">
          <button type="button" className="primary" onClick={() => void syncNow()} disabled={!online || sync.running}>
            {t('offline.syncNow')}
          </button>
          <button type="button" onClick={keepAgain} disabled={!online || !!keeping}>
            {t('offline.keepAgain')}
          </button>
        </p>
        {keeping && (
          <p role="status">
            {t('offline.keeping', keeping)} <progress max={keeping.total || 1} value={keeping.done} aria-hidden="true" />
          </p>
        )}
        {keepError && (
          <p role="alert" className="problem">
            {t('offline.keepStopped', { reason: keepError === 'offline' ? t('offline.syncStoppedOffline') : t('offline.stoppedError') })}
          </p>
        )}
      </div>
      <div className="card" aria-labelledby="offline-kept-title">
        <h2 id="offline-kept-title">{t('offline.keptCases')}</h2>
        <ul className="kept-cases">
          {kept.map((c) => (
            <li key={c.id}>
              <Link href={`/cases/${c.id}`}>
                <bdi>{c.caseNumber}</bdi> · <bdi>{c.displayName ?? ''}</bdi>
              </Link>{' '}
              <span className="muted">{c.stepLabel}</span>
              {offlineStore.isLocal(c.id) && <span className="muted"> · {t('offline.localCase')}</span>}
            </li>
          ))}
        </ul>
      </div>
      <p>
        <button type="button" className="link" onClick={wipe}>
          {t('offline.wipe')}
        </button>
      </p>
    </>
  );
}

/** The sync's progress and outcome, read out politely. */
export function SyncStatus() {
  const t = useOfflineT();
  const { sync } = useOffline();
  if (sync.running) {
    return (
      <p role="status" aria-live="polite">
        {t('offline.syncing', { done: sync.done, total: sync.total })} <progress max={sync.total || 1} value={sync.done} aria-hidden="true" />
      </p>
    );
  }
  if (sync.error) {
    return (
      <p role="alert" className="problem">
        {t('offline.syncStopped', { reason: sync.error === 'offline' ? t('offline.syncStoppedOffline') : t('offline.stoppedError') })}
      </p>
    );
  }
  if (sync.total === 0 && sync.held === 0) return null;
  return (
    <p role="status" aria-live="polite">
      {t('offline.synced')}{' '}
      {sync.held > 0 && (
        <>
          {t('offline.syncedHeld', { n: sync.held })} <Link href="/sync/held">{t('offline.reviewHeld')}</Link>
        </>
      )}
    </p>
  );
}
