import { FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { formatDateTime } from '../../i18n';
import { useApp, useT } from '../../session';
import { Problem } from '../problem';
import { useAction } from './use-action';

/**
 * A case outside the user's reach, for a role that may break the glass: opening it for a limited
 * time, with a reason (audited; the owner's supervisor is told). The server decides, and says how
 * long the reason must be and until when the access lasts.
 */
export function BreakGlass({ caseId, onOpened }: { caseId: string; onOpened(): void }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [until, setUntil] = useState<string | null>(null);
  const open = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!confirming) return setConfirming(true);
    let expiresAt = '';
    const ok = await open.run(async () => {
      expiresAt = (await api<{ expiresAt: string }>('POST', `/api/cases/${caseId}/break-glass`, { reason: reason.trim() })).expiresAt;
    }, '');
    setConfirming(false);
    if (ok) {
      setUntil(expiresAt);
      onOpened();
    }
  };
  // Only the attempt says whether the id is a case at all: an unknown one reads as it does for everyone.
  if (open.error instanceof ApiError && open.error.code === 'case_not_found') {
    return (
      <div role="alert" className="problem">
        {t('actions.caseNotFound')}
      </div>
    );
  }
  return (
    <section aria-labelledby="glass-form-title" className="card break-glass">
      <h2 id="glass-form-title">{t('glass.title')}</h2>
      <p>{t('glass.explain')}</p>
      {until ? (
        <p role="status" className="saved">
          {t('glass.until', { at: formatDateTime(until, locale, timeZone) })}
        </p>
      ) : (
        <form onSubmit={submit}>
          <div className="field">
            <label htmlFor="glass-reason">{t('glass.reason')}</label>
            <textarea id="glass-reason" required maxLength={2000} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          {confirming && (
            <p role="alert" className="confirm">
              {t('glass.confirmText')}
            </p>
          )}
          <div className="buttons">
            <button type="submit" className="primary" disabled={open.busy || !reason.trim()}>
              {confirming ? t('glass.confirm') : t('glass.open')}
            </button>
            {confirming && (
              <button type="button" onClick={() => setConfirming(false)}>
                {t('intake.cancel')}
              </button>
            )}
          </div>
        </form>
      )}
      <Problem error={open.error} />
    </section>
  );
}
