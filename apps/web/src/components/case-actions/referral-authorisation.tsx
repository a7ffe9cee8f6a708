import { FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../../api';
import { formatDateTime } from '../../i18n';
import { Link } from '../../router';
import { useApp, useT } from '../../session';
import { currentSop, pick, SopSummary } from '../../sop';
import { useApi } from '../../use-api';
import { Loading, Problem } from '../problem';
import type { ReferralListItem } from '../../api-types';

/** A referral waiting for an authorisation (GET /api/referrals?box=to_authorise), as the authoriser may see it. */
export type ReferralToAuthorise = ReferralListItem;

export const TO_AUTHORISE = '/api/referrals?box=to_authorise';

/** Whether a role of the user may authorise some referral (a pack rule `authorise` on `referral`); the server decides per case. */
export function mayAuthoriseReferrals(sop: SopSummary, roles: string[]): boolean {
  return sop.roles.some(
    (r) => roles.includes(r.id) && r.rules.some((rule) => rule.subject === 'referral' && ([] as string[]).concat(rule.action).includes('authorise')),
  );
}

/** mayAuthoriseReferrals for the signed-in user; false until the SOP is loaded. */
export function useMayAuthoriseReferrals(): boolean {
  const { me, locale } = useApp();
  const [may, setMay] = useState(false);
  useEffect(() => {
    if (!me) return setMay(false);
    let live = true;
    currentSop(locale)
      .then((sop) => live && setMay(mayAuthoriseReferrals(sop, me.roles)))
      .catch(() => live && setMay(false));
    return () => {
      live = false;
    };
  }, [me, locale]);
  return may;
}

/** Home: referrals waiting for the user's authorisation, asked for only by roles that may give one; shown only when there are some. */
export function ReferralsToAuthoriseCard() {
  const t = useT();
  const { locale, timeZone } = useApp();
  const may = useMayAuthoriseReferrals();
  const waiting = useApi<{ items: ReferralToAuthorise[] }>(may ? TO_AUTHORISE : null);
  if (!waiting.data || waiting.data.items.length === 0) return null;
  return (
    <section aria-labelledby="to-authorise-title" className="card">
      <h2 id="to-authorise-title">
        {t('authorise.title')} <span className="count">{waiting.data.items.length}</span>
      </h2>
      <ul className="rows">
        {waiting.data.items.map((r) => (
          <li key={r.id}>
            <Link href={`/referrals/${r.id}`}>
              <strong>{r.serviceType.label}</strong> · <bdi>{r.caseNumber}</bdi>
            </Link>
            <span className="meta">
              {r.provider.name} · {t('home.requestedBy', { name: r.createdBy?.name ?? '', at: formatDateTime(r.createdAt, locale, timeZone) })}
            </span>
          </li>
        ))}
      </ul>
      <p>
        <Link href="/referrals/to-authorise">{t('authorise.all')}</Link>
      </p>
    </section>
  );
}

/**
 * What the authoriser decides on: service, provider, urgency and the sections it would share by
 * their labels, who asked and when, and the reason when the authoriser may read who the child is.
 */
export function ReferralToAuthoriseFacts({ referral: r }: { referral: ReferralToAuthorise }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  // undefined while the pack loads: the facts wait for it, so ids never flash where labels belong.
  const [sop, setSop] = useState<SopSummary | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    currentSop(locale)
      .then((s) => live && setSop(s))
      .catch(() => live && setSop(null));
    return () => {
      live = false;
    };
  }, [locale]);
  const urgencies: Array<{ value: string; label: Record<string, string> }> = sop?.optionLists?.urgency_levels ?? [];
  const urgency = r.urgency ? pick(urgencies.find((o) => o.value === r.urgency)?.label, locale) || r.urgency : t('refer.urgencyNotSaid');
  const formTitle = (id: string) => pick(sop?.forms.find((f) => f.id === id)?.title, locale) || id;
  if (sop === undefined) return <Loading />;
  return (
    <>
      <dl className="summary">
        <div>
          <dt>{t('referralPage.case')}</dt>
          <dd>
            <bdi>{r.caseNumber}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t('refer.service')}</dt>
          <dd>{r.serviceType.label}</dd>
        </div>
        <div>
          <dt>{t('referralPage.provider')}</dt>
          <dd>{r.provider.name}</dd>
        </div>
        <div>
          <dt>{t('refer.urgency')}</dt>
          <dd>{urgency}</dd>
        </div>
        <div>
          <dt>{t('authorise.askedBy')}</dt>
          <dd>
            <bdi>{r.createdBy?.name ?? ''}</bdi>, <bdi>{formatDateTime(r.createdAt, locale, timeZone)}</bdi>
          </dd>
        </div>
      </dl>
      <h3>{t('authorise.sections')}</h3>
      <ul className="shared-sections">
        {(r.sharedForms ?? []).map((f) => (
          <li key={f}>{formTitle(f)}</li>
        ))}
      </ul>
      <h3>{t('referralPage.reason')}</h3>
      <p className="message">{r.reasonHidden ? t('actions.reasonHidden') : r.reason}</p>
    </>
  );
}

/**
 * Authorise or refuse one referral: refusing needs a reason (the worker who asked reads it), and
 * either decision is confirmed first, since it cannot be undone here. `onDecided` says the outcome.
 */
export function AuthoriseReferral({
  referral: r,
  onDecided,
}: {
  referral: Pick<ReferralToAuthorise, 'id' | 'caseNumber' | 'serviceType' | 'provider' | 'createdBy'>;
  onDecided(message: string): void;
}) {
  const t = useT();
  const { me } = useApp();
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState<'authorised' | 'refused' | null>(null);
  const [missingReason, setMissingReason] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const noteBox = useRef<HTMLTextAreaElement>(null);
  const confirmBox = useRef<HTMLDivElement>(null);
  const id = `authorise-${r.id}`;
  useEffect(() => {
    if (confirming) confirmBox.current?.focus();
  }, [confirming]);
  // Four eyes: the server refuses it too; said here instead of offering buttons that cannot work.
  if (me && r.createdBy?.id === me.id) return <p className="meta">{t('authorise.ownReferral')}</p>;

  const ask = (decision: 'authorised' | 'refused') => {
    setError(null);
    if (decision === 'refused' && !note.trim()) {
      setMissingReason(true);
      noteBox.current?.focus();
      return;
    }
    setMissingReason(false);
    setConfirming(decision);
  };
  const decide = async (e: FormEvent) => {
    e.preventDefault();
    if (!confirming) return ask('authorised');
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/referrals/${r.id}/authorise`, { decision: confirming, ...(note.trim() ? { note: note.trim() } : {}) });
      const vars = { service: r.serviceType.label, number: r.caseNumber, provider: r.provider.name };
      onDecided(t(confirming === 'authorised' ? 'authorise.authorised' : 'authorise.refused', vars));
    } catch (err) {
      setError(err);
      setConfirming(null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={decide} className="authorise-referral">
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('authorise.note')}</label>
        <textarea
          id={`${id}-note`}
          ref={noteBox}
          maxLength={2000}
          rows={3}
          value={note}
          aria-invalid={missingReason || undefined}
          aria-describedby={missingReason ? `${id}-missing` : undefined}
          onChange={(e) => {
            setNote(e.target.value);
            setConfirming(null);
          }}
        />
        {missingReason && (
          <p id={`${id}-missing`} role="alert" className="problem">
            {t('authorise.reasonNeeded')}
          </p>
        )}
      </div>
      {confirming ? (
        <div className="confirm-transition" role="alert" tabIndex={-1} ref={confirmBox}>
          <p>
            {confirming === 'authorised'
              ? t('authorise.confirmAuthorise', { provider: r.provider.name })
              : t('authorise.confirmRefuse', { name: r.createdBy?.name ?? '' })}
          </p>
          <div className="buttons">
            <button type="submit" className="primary" disabled={busy}>
              {t(confirming === 'authorised' ? 'authorise.yesAuthorise' : 'authorise.yesRefuse')}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
              {t('intake.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {t('authorise.authorise')}
          </button>
          <button type="button" disabled={busy} onClick={() => ask('refused')}>
            {t('authorise.refuse')}
          </button>
        </div>
      )}
      <Problem error={error} />
    </form>
  );
}

/** On a referral's own page (the link of the message that asks for it): the decision, when this referral waits for the user's. */
export function AuthoriseThisReferral({ id, onDecided }: { id: string; onDecided(message: string): void }) {
  const t = useT();
  const may = useMayAuthoriseReferrals();
  // The list holds exactly the referrals the server lets the user authorise, with what they may see of each.
  const waiting = useApi<{ items: ReferralToAuthorise[] }>(may ? TO_AUTHORISE : null);
  const r = waiting.data?.items.find((i) => i.id === id);
  if (!r) return null;
  return (
    <section aria-labelledby="authorise-title">
      <h2 id="authorise-title">{t('authorise.decision')}</h2>
      <ReferralToAuthoriseFacts referral={r} />
      <AuthoriseReferral referral={r} onDecided={onDecided} />
    </section>
  );
}
