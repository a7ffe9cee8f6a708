import { useState } from 'react';
import { api } from '../api';
import { Loading, Problem } from '../components/problem';
import { formatDateTime } from '../dates';
import { useApp } from '../session';
import { useApi } from '../use-api';
import { AuditChainStatus, useAuditT } from './audit-texts';

/**
 * Whether the log verifies: the scheduler's latest verification (with its time), the table
 * against the newest signed checkpoint, and a full verification on demand (slow on a large log).
 */
export function ChainStatus() {
  const t = useAuditT();
  const { locale, timeZone } = useApp();
  const loaded = useApi<AuditChainStatus>('/api/audit-log/status');
  const [verifying, setVerifying] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const at = (value: string) => formatDateTime(value, locale, timeZone);

  const verifyNow = async () => {
    if (verifying) return;
    setVerifying(true);
    setError(null);
    try {
      loaded.set(await api<AuditChainStatus>('POST', '/api/audit-log/verify'));
    } catch (err) {
      setError(err);
    } finally {
      setVerifying(false);
    }
  };

  if (loaded.error) return <Problem error={loaded.error} />;
  const s = loaded.data;
  return (
    <section className={`card audit-status ${s?.state ?? ''}`} aria-labelledby="audit-status-title" aria-busy={verifying}>
      <h2 id="audit-status-title">{t('audit.status.title')}</h2>
      {!s ? (
        <Loading />
      ) : (
        <>
          <p className="audit-state" role="status">
            <strong>{t(`audit.status.${s.state}`)}</strong>
          </p>
          {s.verification && (
            <p>{t(s.mode === 'full' ? 'audit.status.full' : 'audit.status.scheduled', { at: at(s.verification.at), n: s.verification.entries })}</p>
          )}
          {s.verification?.firstBroken && (
            <p>
              {t('audit.status.firstBroken', {
                chain: s.verification.firstBroken.chain,
                seq: s.verification.firstBroken.seq,
                reason: s.verification.firstBroken.reason,
              })}
            </p>
          )}
          {s.checkpoint.state === 'checked' && s.checkpoint.writtenAt && <p>{t('audit.status.checkpoint', { at: at(s.checkpoint.writtenAt) })}</p>}
          {s.checkpoint.state === 'none' && <p>{t('audit.status.noCheckpoint')}</p>}
          {s.checkpoint.state === 'not_configured' && <p>{t('audit.status.notConfigured')}</p>}
          {s.checkpoint.problems.length > 0 && (
            <>
              <p>{t('audit.status.problems')}</p>
              {/* The server's own sentences (chain, seq, checkpoint time): precise, and what `cmis audit verify` prints. */}
              <ul dir="ltr" className="audit-problems">
                {s.checkpoint.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <div className="actions">
        <button type="button" onClick={verifyNow} aria-disabled={verifying}>
          {verifying ? t('audit.verifying') : t('audit.verifyNow')}
        </button>
      </div>
      {error ? <Problem error={error} /> : null}
    </section>
  );
}
