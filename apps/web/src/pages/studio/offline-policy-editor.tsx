import { FormEvent, useState } from 'react';
import { useOfflineT } from '../../offline/offline-texts';
import { findingsAt, type DraftView, type PatchOperation } from './draft-model';
import { FindingList } from './finding-list';
import { useStudioT } from './studio-texts';

const POLICY = '/security.json/offline';

/** The operations setting security.json `offline` (the object is added when the pack has none: its defaults then apply to the other value). */
export function offlinePolicyOps(files: Record<string, any>, maxDays: number, lockAfterMinutes: number): PatchOperation[] {
  const value = { maxDays, lockAfterMinutes };
  return files['security.json']?.offline === undefined ? [{ op: 'add', path: POLICY, value }] : [{ op: 'replace', path: POLICY, value }];
}

/**
 * The studio's section on offline work: how many days a phone may stay offline before it must sync
 * (changes older than that are held for review), and after how many minutes without use it locks.
 */
export function OfflinePolicyEditor(props: { draft: DraftView; send: (ops: PatchOperation[]) => Promise<boolean>; busy: boolean }) {
  const t = useOfflineT();
  const studioT = useStudioT();
  const files = props.draft.files as Record<string, any>;
  const current = { maxDays: files['security.json']?.offline?.maxDays ?? 7, lockAfterMinutes: files['security.json']?.offline?.lockAfterMinutes ?? 15 };
  const [maxDays, setMaxDays] = useState(current.maxDays);
  const [lock, setLock] = useState(current.lockAfterMinutes);
  const findings = findingsAt(props.draft.findings, POLICY);
  const save = (e: FormEvent) => {
    e.preventDefault();
    void props.send(offlinePolicyOps(files, maxDays, lock));
  };
  const whole = (v: string) => Math.max(0, Math.floor(Number(v) || 0));
  return (
    <>
      <h2 id="studio-offline-title">{t('offline.policyTitle')}</h2>
      <p>{t('offline.policyIntro')}</p>
      <form onSubmit={save} noValidate>
        <p className="studio-grid">
          <label htmlFor="studio-offline-days">{t('offline.policyMaxDays')}</label>
          <input
            id="studio-offline-days"
            type="number"
            min={1}
            max={90}
            inputMode="numeric"
            value={maxDays}
            onChange={(e) => setMaxDays(whole(e.target.value))}
          />
        </p>
        <p className="studio-grid">
          <label htmlFor="studio-offline-lock">{t('offline.policyLock')}</label>
          <input id="studio-offline-lock" type="number" min={1} max={480} inputMode="numeric" value={lock} onChange={(e) => setLock(whole(e.target.value))} />
        </p>
        <button type="submit" disabled={props.busy || (maxDays === current.maxDays && lock === current.lockAfterMinutes)}>
          {t('offline.policySave')}
        </button>
        <FindingList findings={findings} t={studioT} />
      </form>
    </>
  );
}
