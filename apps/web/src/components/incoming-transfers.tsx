import { FormEvent, useState } from 'react';
import { api } from '../api';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp, useT } from '../session';
import { useApi } from '../use-api';
import type { TransferView } from './case-actions/transfer';
import { useAction } from './case-actions/use-action';
import { Problem } from './problem';

/** Transfers waiting for the user's answer (to them, or to the team they supervise): accept, or decline with a reason. Shown only when there are some. */
export function IncomingTransfers() {
  const t = useT();
  const transfers = useApi<TransferView[]>('/api/transfers?status=pending');
  const [accepted, setAccepted] = useState<TransferView[]>([]);
  if (!transfers.data || (transfers.data.length === 0 && accepted.length === 0)) return null;
  const done = (x: TransferView) => {
    setAccepted((list) => [...list, x]);
    transfers.reload();
  };
  return (
    <section aria-labelledby="incoming-transfers-title" className="card">
      <h2 id="incoming-transfers-title">
        {t('transfer.incoming')} <span className="count">{transfers.data.length}</span>
      </h2>
      <ul className="rows">
        {transfers.data.map((x) => (
          <IncomingTransfer key={x.id} x={x} onAccepted={() => done(x)} onDeclined={transfers.reload} />
        ))}
      </ul>
      {accepted.length > 0 && (
        <p role="status" aria-live="polite" className="saved">
          {accepted.map((x) => (
            <Link key={x.id} href={`/cases/${x.case.id}`}>
              {t('transfer.acceptedOpen', { number: x.case.number })}
            </Link>
          ))}
        </p>
      )}
    </section>
  );
}

function IncomingTransfer({ x, onAccepted, onDeclined }: { x: TransferView; onAccepted(): void; onDeclined(): void }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  const [reason, setReason] = useState('');
  const act = useAction();
  const decline = async (e: FormEvent) => {
    e.preventDefault();
    if (await act.run(() => api('POST', `/api/transfers/${x.id}/decline`, { reason: reason.trim() }), '')) onDeclined();
  };
  return (
    <li>
      <strong>
        <bdi>{x.case.number}</bdi>
      </strong>
      <span className="meta">
        {x.case.type.label} · {x.case.step.label} · {t('transfer.to', { name: x.to.user.name, place: x.to.location.name })}
      </span>
      <span className="meta">{t('transfer.askedBy', { name: x.requestedBy.name, at: formatDateTime(x.requestedAt, locale, timeZone) })}</span>
      {x.reason && <span className="message">{x.reason}</span>}
      <div className="buttons">
        <button
          type="button"
          className="primary"
          disabled={act.busy}
          onClick={() => act.run(() => api('POST', `/api/transfers/${x.id}/accept`), '').then((ok) => ok && onAccepted())}
        >
          {t('transfer.accept', { number: x.case.number })}
        </button>
      </div>
      <details>
        <summary>{t('transfer.decline', { number: x.case.number })}</summary>
        <form onSubmit={decline}>
          <div className="field">
            <label htmlFor={`decline-${x.id}`}>{t('transfer.declineReason')}</label>
            <input id={`decline-${x.id}`} required minLength={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" disabled={act.busy || reason.trim().length < 3}>
            {t('transfer.decline', { number: x.case.number })}
          </button>
        </form>
      </details>
      <Problem error={act.error} />
    </li>
  );
}
