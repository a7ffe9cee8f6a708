import { useState } from 'react';
import { keepCases, releaseCase } from './offline-api';
import { offlineStore } from './offline-store';
import { useOfflineT } from './offline-texts';
import { useOffline, useOnline } from './use-offline';

/** On a case page, once offline work is set up: keep this case on the device too, or stop keeping it. */
export function KeepCaseButton({ caseId }: { caseId: string }) {
  const t = useOfflineT();
  const { status, profile } = useOffline();
  const online = useOnline();
  const [busy, setBusy] = useState(false);
  if (status !== 'unlocked' || !profile || offlineStore.isLocal(caseId)) return null;
  const kept = profile.kept.includes(caseId);
  const act = async () => {
    setBusy(true);
    try {
      if (kept) await releaseCase(caseId);
      else await keepCases([caseId], () => undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <p className="keep-case">
      {kept && <span>{t('offline.keptHere')} </span>}
      <button type="button" onClick={act} disabled={busy || (!kept && !online)}>
        {t(kept ? 'offline.release' : 'offline.keepCase')}
      </button>
    </p>
  );
}
