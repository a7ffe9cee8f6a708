import { useRef, useState } from 'react';
import '../case-work.css';
import { AuthoriseReferral, ReferralToAuthorise, ReferralToAuthoriseFacts, TO_AUTHORISE } from '../components/case-actions/referral-authorisation';
import { Loading, Problem } from '../components/problem';
import { useT } from '../session';
import { useApi } from '../use-api';

/**
 * Referrals waiting for the user's authorisation (a service type that needs one, e.g. foster care):
 * what each would share and why, then authorise it (it goes to the provider) or refuse it with a
 * reason for the worker who asked. The list holds only referrals the server lets the user authorise.
 */
export default function ReferralsToAuthorisePage() {
  const t = useT();
  const waiting = useApi<{ items: ReferralToAuthorise[] }>(TO_AUTHORISE);
  const [decided, setDecided] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const onDecided = (message: string) => {
    setDecided(message);
    waiting.reload();
    // The decided referral leaves the list: the keyboard goes back to the top, where the outcome is said.
    setTimeout(() => heading.current?.focus());
  };
  return (
    <div className="approvals">
      <h1 ref={heading} tabIndex={-1}>
        {t('authorise.title')}
      </h1>
      <p role="status" className="saved">
        {decided ?? ''}
      </p>
      {waiting.error ? (
        <Problem error={waiting.error} />
      ) : !waiting.data ? (
        <Loading />
      ) : waiting.data.items.length === 0 ? (
        <p className="card">{t('authorise.none')}</p>
      ) : (
        waiting.data.items.map((r) => (
          <section key={r.id} aria-labelledby={`referral-${r.id}-title`} className="card approval">
            <h2 id={`referral-${r.id}-title`}>
              {r.serviceType.label} · <bdi>{r.caseNumber}</bdi>
            </h2>
            <ReferralToAuthoriseFacts referral={r} />
            <AuthoriseReferral referral={r} onDecided={onDecided} />
          </section>
        ))
      )}
    </div>
  );
}
