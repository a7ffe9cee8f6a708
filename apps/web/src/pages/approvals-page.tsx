import type { ApprovalWaiting } from '../api-types';
import { FormEvent, useRef, useState } from 'react';
import '../case-work.css';
import { api } from '../api';
import { Loading, Problem } from '../components/problem';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp, useT } from '../session';
import { useApi } from '../use-api';

type Approval = ApprovalWaiting;

/**
 * Steps others asked for that wait for my approval: approve or refuse each, with a comment that
 * goes on the case's timeline. Each decision names the case version it was read at, so a case
 * changed meanwhile is not decided blind.
 */
export default function ApprovalsPage() {
  const t = useT();
  const approvals = useApi<{ items: Approval[] }>('/api/me/approvals');
  const [decided, setDecided] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const onDecided = (message: string) => {
    setDecided(message);
    approvals.reload();
    // The decided item leaves the list: the keyboard goes back to the top of the page, where the outcome is said.
    setTimeout(() => heading.current?.focus());
  };
  return (
    <div className="approvals">
      <h1 ref={heading} tabIndex={-1}>
        {t('approvals.title')}
      </h1>
      <p role="status" className="saved">
        {decided ?? ''}
      </p>
      {approvals.error ? (
        <Problem error={approvals.error} />
      ) : !approvals.data ? (
        <Loading />
      ) : approvals.data.items.length === 0 ? (
        <p className="card">{t('approvals.none')}</p>
      ) : (
        approvals.data.items.map((a) => <ApprovalItem key={`${a.case.id}:${a.case.version}`} approval={a} onDecided={onDecided} />)
      )}
    </div>
  );
}

function ApprovalItem({ approval: a, onDecided }: { approval: Approval; onDecided(message: string): void }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = `approval-${a.case.id}`;
  const decide = async (decision: 'approve' | 'reject', e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/cases/${a.case.id}/approval`, { decision, ...(comment.trim() ? { comment: comment.trim() } : {}) }, { ifMatch: a.case.version });
      onDecided(t(decision === 'approve' ? 'approvals.approved' : 'approvals.rejected', { step: a.transition.label, number: a.case.caseNumber }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby={`${id}-title`} className="card approval">
      <h2 id={`${id}-title`}>
        {a.transition.label} · <bdi>{a.case.caseNumber}</bdi>
      </h2>
      <p>
        <Link href={`/cases/${a.case.id}`}>
          <bdi>{a.case.caseNumber}</bdi> <bdi>{a.case.displayName ?? ''}</bdi>
        </Link>{' '}
        <span className="meta">
          {a.case.stepLabel} · {t('home.requestedBy', { name: a.requestedBy.name, at: formatDateTime(a.requestedAt, locale, timeZone) })}
        </span>
      </p>
      <form onSubmit={(e) => decide('approve', e)}>
        <div className="field">
          <label htmlFor={`${id}-comment`}>{t('approvals.comment')}</label>
          <textarea id={`${id}-comment`} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
        </div>
        <Problem error={error} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {t('approvals.approve')}
          </button>
          <button type="button" disabled={busy} onClick={() => decide('reject')}>
            {t('approvals.reject')}
          </button>
        </div>
      </form>
    </section>
  );
}
