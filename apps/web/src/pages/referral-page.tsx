import { useState } from 'react';
import { api } from '../api';
import { AuthoriseThisReferral } from '../components/case-actions/referral-authorisation';
import { Loading, Problem } from '../components/problem';
import { FollowUpAnswers, FollowUpForm } from '../components/referral-follow-up';
import type { ReferralView } from '../api-types';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp, useT } from '../session';
import { useApi } from '../use-api';

const show = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : typeof v === 'boolean' ? (v ? '✓' : '✗') : String(v ?? ''));

/**
 * One referral. The provider's users see what the referral shares (nothing else of the case) and
 * accept or decline it with a reason; the referring side sees its status, can open the case, and
 * records the follow-up with the questions of the pack once the provider accepted.
 */
export default function ReferralPage({ id }: { id: string }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  const view = useApi<ReferralView>(`/api/referrals/${id}`);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [decided, setDecided] = useState<string | null>(null);
  if (view.loading && !view.data) return <Loading />;
  if (view.error) return <Problem error={view.error} />;
  const r = view.data!;
  const answer = async (decision: 'accepted' | 'declined') => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/referrals/${id}/respond`, { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      view.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="card" aria-labelledby="referral-title">
      <h1 id="referral-title">{t('referralPage.title', { service: r.serviceType.label })}</h1>
      <dl className="summary">
        <div>
          <dt>{t('referralPage.case')}</dt>
          <dd>
            {r.caseId ? (
              <Link href={`/cases/${r.caseId}`}>
                <bdi>{r.caseNumber}</bdi>
              </Link>
            ) : (
              <bdi>{r.caseNumber}</bdi>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('referralPage.provider')}</dt>
          <dd>{r.provider.name}</dd>
        </div>
        <div>
          <dt>{t('case.status')}</dt>
          <dd>
            {t(`referral.${r.status}`)}
            {r.overdue ? ` · ${t('deadline.overdue')}` : ''}
          </dd>
        </div>
        {r.createdBy && (
          <div>
            <dt>{t('referralPage.from')}</dt>
            <dd>{r.createdBy.name}</dd>
          </div>
        )}
        {r.authorisedBy && r.authorisedAt && (
          <div>
            <dt>{t('referralPage.authorisedBy')}</dt>
            <dd>
              <bdi>{r.authorisedBy.name}</bdi>, <bdi>{formatDateTime(r.authorisedAt, locale, timeZone)}</bdi>
            </dd>
          </div>
        )}
        {r.respondBy && (
          <div>
            <dt>{t('referralPage.answerBy')}</dt>
            <dd>
              <bdi>{formatDateTime(r.respondBy, locale, timeZone)}</bdi>
            </dd>
          </div>
        )}
      </dl>
      {r.reason !== undefined && (
        <>
          <h2>{t('referralPage.reason')}</h2>
          <p className="message">{r.reason}</p>
        </>
      )}
      {r.status === 'not_authorised' && r.authorisationNote && (
        <p className="message">
          <strong>{t('referralPage.refusalReason')}</strong> {r.authorisationNote}
        </p>
      )}
      <p role="status" className="saved">
        {decided ?? ''}
      </p>
      {r.status === 'awaiting_authorisation' && (
        <AuthoriseThisReferral
          id={r.id}
          onDecided={(message) => {
            setDecided(message);
            view.reload();
          }}
        />
      )}
      {r.responseReason && (
        <p className="message">
          <strong>{t('referralPage.responseReason')}</strong> {r.responseReason}
        </p>
      )}
      {r.shared && (
        <section aria-labelledby="shared-title">
          <h2 id="shared-title">{t('referralPage.shared')}</h2>
          {r.shared.map((s) => {
            const latest = s.entries[s.entries.length - 1];
            return (
              <div key={s.form} className="form-panel">
                <h3>{s.title}</h3>
                {!latest ? (
                  <p className="meta">{t('referralPage.empty')}</p>
                ) : (
                  <dl className="answers">
                    {s.fields
                      .filter((f) => latest.answers[f.name] !== undefined)
                      .map((f) => (
                        <div key={f.name}>
                          <dt>{f.label}</dt>
                          <dd>{show(latest.answers[f.name])}</dd>
                        </div>
                      ))}
                  </dl>
                )}
              </div>
            );
          })}
          {r.status === 'sent' && (
            <div className="respond">
              <div className="field">
                <label htmlFor="decline-reason">{t('referralPage.declineReason')}</label>
                <textarea id="decline-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
              </div>
              <div className="buttons">
                <button type="button" className="primary" disabled={busy} onClick={() => answer('accepted')}>
                  {t('referralPage.accept')}
                </button>
                <button type="button" disabled={busy} onClick={() => answer('declined')}>
                  {t('referralPage.decline')}
                </button>
              </div>
            </div>
          )}
        </section>
      )}
      {r.followUp && <FollowUpAnswers record={r.followUp} />}
      {r.status === 'accepted' && r.followUpQuestions && <FollowUpForm referralId={r.id} questions={r.followUpQuestions} onDone={view.reload} />}
      <Problem error={error} />
    </article>
  );
}
