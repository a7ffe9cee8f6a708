import type { TransferReceiver, TransferView } from '../../api-types';
import { FormEvent, useState } from 'react';
import { api } from '../../api';
import { formatDateTime } from '../../i18n';
import { useApp, useT } from '../../session';
import { useApi } from '../../use-api';
import { Problem } from '../problem';
import type { CaseView } from './case-view';
import { StatusLine } from './status-line';
import { SectionStatus, useAction, useSectionStatus } from './use-action';

export type { TransferView };
type Receiver = TransferReceiver;

/** The case's transfers (newest first): one waiting for an answer can be cancelled; a new one is asked for a worker chosen by name, role and place. */
export function CaseTransfers({ c, stamp, onDone }: { c: CaseView; stamp: string; onDone(): void }) {
  const t = useT();
  const { me, locale, timeZone } = useApp();
  const transfers = useApi<TransferView[]>(`/api/cases/${c.id}/transfers?v=${stamp}`);
  const [cancelReason, setCancelReason] = useState('');
  const status = useSectionStatus();
  const cancel = useAction(status);
  if (!transfers.data || (transfers.data.length === 0 && !c.may.transfer)) return null;
  const pending = transfers.data.find((x) => x.status === 'pending');
  const mayCancel = pending && (c.may.transfer || pending.requestedBy.id === me?.id);
  const submitCancel = async (e: FormEvent) => {
    e.preventDefault();
    if (await cancel.run(() => api('POST', `/api/transfers/${pending!.id}/cancel`, { reason: cancelReason.trim() }), t('transfer.cancelled'))) {
      setCancelReason('');
      onDone();
    }
  };
  return (
    <section aria-labelledby="transfers-title" className="card transfers">
      <h2 id="transfers-title">{t('transfer.title')}</h2>
      {transfers.data.length > 0 && (
        <ul className="rows">
          {transfers.data.map((x) => (
            <li key={x.id}>
              <strong>{t('transfer.to', { name: x.to.user.name, place: x.to.location.name })}</strong>
              <span className="badge">{t(`transfer.status.${x.status}`)}</span>
              <span className="meta">{t('transfer.askedBy', { name: x.requestedBy.name, at: formatDateTime(x.requestedAt, locale, timeZone) })}</span>
              {x.reason && <span className="meta">{x.reason}</span>}
            </li>
          ))}
        </ul>
      )}
      {pending && mayCancel && (
        <details>
          <summary>{t('transfer.cancel')}</summary>
          <form onSubmit={submitCancel}>
            <div className="field">
              <label htmlFor="transfer-cancel-reason">{t('actions.assignReason')}</label>
              <input
                id="transfer-cancel-reason"
                required
                minLength={3}
                maxLength={1000}
                value={cancelReason}
                onChange={(e) => setCancelReason(e.target.value)}
              />
            </div>
            <button type="submit" disabled={cancel.busy || cancelReason.trim().length < 3}>
              {t('transfer.cancel')}
            </button>
          </form>
        </details>
      )}
      {!pending && c.may.transfer && <RequestTransfer c={c} status={status} onDone={onDone} />}
      <StatusLine status={status} />
      <Problem error={cancel.error} />
    </section>
  );
}

function RequestTransfer({ c, status, onDone }: { c: CaseView; status: SectionStatus; onDone(): void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [found, setFound] = useState<Receiver[] | null>(null);
  const [toUserId, setToUserId] = useState('');
  const [reason, setReason] = useState('');
  const search = useAction();
  const ask = useAction(status);
  const find = async (e: FormEvent) => {
    e.preventDefault();
    await search.run(async () => {
      const list = await api<Receiver[]>('GET', `/api/cases/${c.id}/transfer-receivers?name=${encodeURIComponent(name.trim())}`);
      setFound(list);
      setToUserId(list[0]?.id ?? '');
    }, '');
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const who = found?.find((r) => r.id === toUserId)?.name ?? '';
    if (await ask.run(() => api('POST', `/api/cases/${c.id}/transfers`, { toUserId, reason: reason.trim() }), t('transfer.requested', { name: who }))) {
      setFound(null);
      setReason('');
      onDone();
    }
  };
  return (
    <details>
      <summary>{t('transfer.request')}</summary>
      <form onSubmit={find} role="search" aria-label={t('transfer.findWorker')}>
        <div className="field">
          <label htmlFor="transfer-name">{t('transfer.workerName')}</label>
          <div className="inline">
            <input id="transfer-name" type="search" value={name} onChange={(e) => setName(e.target.value)} />
            <button type="submit" disabled={search.busy}>
              {t('home.searchButton')}
            </button>
          </div>
        </div>
      </form>
      <Problem error={search.error} />
      {found && found.length === 0 && (
        <p role="status" className="meta">
          {t('transfer.nobody')}
        </p>
      )}
      {found && found.length > 0 && (
        <form onSubmit={submit}>
          <div className="field">
            <label htmlFor="transfer-to">{t('transfer.toWorker')}</label>
            <select id="transfer-to" value={toUserId} onChange={(e) => setToUserId(e.target.value)}>
              {found.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} — {r.roles.join(', ')} — {r.place.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="transfer-reason">{t('transfer.reason')}</label>
            <textarea id="transfer-reason" required minLength={3} maxLength={1000} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" className="primary" disabled={ask.busy || !toUserId || reason.trim().length < 3}>
            {t('transfer.ask')}
          </button>
        </form>
      )}
      <Problem error={ask.error} />
    </details>
  );
}
