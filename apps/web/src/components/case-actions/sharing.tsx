import type { CaseGrant } from '../../api-types';
import { FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { formatDateTime } from '../../i18n';
import { useApp, useT } from '../../session';
import { useApi } from '../../use-api';
import { Problem } from '../problem';
import type { CasePerson, CaseView } from './case-view';
import { StatusLine } from './status-line';
import { missingChoices, RequiredChoice } from './choice';
import { SectionStatus, useAction, useSectionStatus } from './use-action';

type Grant = CaseGrant;

/**
 * Who else may reach the case: the user's own emergency (break-the-glass) access with its reason and
 * end, and for roles that may share, the specialists it is shared with and sharing with another.
 */
export function CaseAccess({ c, stamp, onDone }: { c: CaseView; stamp: string; onDone(): void }) {
  const t = useT();
  const { me, locale, timeZone } = useApp();
  const grants = useApi<Grant[]>(`/api/cases/${c.id}/access?v=${stamp}`);
  const status = useSectionStatus();
  const stop = useAction(status);
  if (!grants.data) return null;
  const mine = grants.data.find((g) => g.kind === 'break_glass' && g.active && g.user.id === me?.id);
  const shares = grants.data.filter((g) => g.kind === 'share' && g.active);
  return (
    <>
      {mine && (
        <section className="card break-glass-banner" aria-labelledby="glass-title">
          <h2 id="glass-title">{t('glass.openTitle')}</h2>
          <p>{t('glass.until', { at: formatDateTime(mine.expiresAt!, locale, timeZone) })}</p>
          {mine.reason && <p>{t('glass.reasonWas', { reason: mine.reason })}</p>}
        </section>
      )}
      {c.may.share && (
        <section aria-labelledby="sharing-title" className="card sharing">
          <h2 id="sharing-title">{t('actions.sharing')}</h2>
          {shares.length === 0 ? (
            <p className="meta">{t('actions.notShared')}</p>
          ) : (
            <ul className="rows">
              {shares.map((g) => (
                <li key={g.id}>
                  <strong>{g.user.name}</strong>
                  <span className="meta">
                    {t('actions.sharedSince', { at: formatDateTime(g.grantedAt, locale, timeZone) })}
                    {g.expiresAt ? ` · ${t('actions.sharedUntil', { at: formatDateTime(g.expiresAt, locale, timeZone) })}` : ''}
                  </span>
                  <button
                    type="button"
                    className="link"
                    disabled={stop.busy}
                    onClick={() =>
                      stop.run(() => api('DELETE', `/api/cases/${c.id}/shares/${g.id}`), t('actions.shareStopped', { name: String(g.user.name) })).then(onDone)
                    }
                  >
                    {t('actions.stopSharing', { name: String(g.user.name) })}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <ShareForm c={c} stamp={stamp} status={status} onDone={onDone} />
          <StatusLine status={status} />
          <Problem error={stop.error} />
        </section>
      )}
    </>
  );
}

/** Sharing asks whom (by name and role) and why; the server checks the consent the pack requires, or takes an override reason. */
function ShareForm({ c, stamp, status, onDone }: { c: CaseView; stamp: string; status: SectionStatus; onDone(): void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const people = useApi<CasePerson[]>(open ? `/api/cases/${c.id}/people?for=share&v=${stamp}` : null);
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState('');
  const [missing, setMissing] = useState(false);
  const share = useAction(status);
  const choices = (people.data ?? []).filter((p) => !p.current);
  // Nobody is chosen for the user: the case is shared only with whom they pick.
  const chosen = choices.some((p) => p.id === userId) ? userId : '';
  const consentMissing = share.error instanceof ApiError && share.error.code === 'consent_missing';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    status.say(null);
    const empty = missingChoices({ 'share-user': chosen }).length > 0;
    setMissing(empty);
    if (empty) return;
    const name = choices.find((p) => p.id === chosen)?.name ?? '';
    const body = { userId: chosen, reason: reason.trim(), ...(override.trim() ? { consentOverrideReason: override.trim() } : {}) };
    if (await share.run(() => api('POST', `/api/cases/${c.id}/shares`, body), t('actions.shared', { name }))) {
      setReason('');
      setOverride('');
      setUserId('');
      onDone();
    }
  };
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t('actions.share')}</summary>
      {people.error && <Problem error={people.error} />}
      {people.data && choices.length === 0 && <p className="meta">{t('actions.nobodyToShareWith')}</p>}
      {choices.length > 0 && (
        <form onSubmit={submit}>
          <RequiredChoice
            id="share-user"
            label={t('actions.shareWith')}
            value={chosen}
            options={choices.map((p) => [p.id, `${p.name} — ${p.roles.join(', ')}`])}
            missing={missing}
            onChange={(value) => {
              setUserId(value);
              setMissing(false);
            }}
          />
          <div className="field">
            <label htmlFor="share-reason">{t('actions.shareReason')}</label>
            <textarea id="share-reason" required minLength={3} maxLength={1000} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          {consentMissing && (
            <div role="alert" className="problem">
              <p>{c.may.overrideConsent ? t('actions.consentMissingOverride') : t('actions.consentMissing')}</p>
            </div>
          )}
          {consentMissing && c.may.overrideConsent && (
            <div className="field">
              <label htmlFor="share-override">{t('actions.overrideReason')}</label>
              <textarea id="share-override" required maxLength={2000} rows={3} value={override} onChange={(e) => setOverride(e.target.value)} />
            </div>
          )}
          <button type="submit" className="primary" disabled={share.busy || reason.trim().length < 3}>
            {t('actions.share')}
          </button>
        </form>
      )}
      {!consentMissing && <Problem error={share.error} />}
    </details>
  );
}
