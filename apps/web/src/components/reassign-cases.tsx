import { FormEvent, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import { useT } from '../session';
import type { Worker } from './case-filters';
import { Problem } from './problem';

interface Props {
  /** The chosen cases: id → case number. */
  selected: Map<string, string>;
  workers: Worker[];
  onClear(): void;
  /** After cases moved: the list and the workload change. */
  onDone(): void;
}

interface Refusal {
  caseId: string;
  reason: string;
}

/**
 * A supervisor gives the chosen cases to a worker of the team, with a reason (on each case's timeline).
 * One request through the assignment service: all or nothing, so the answer is either "all moved"
 * or, per case, why none did.
 */
export function ReassignCases({ selected, workers, onClear, onDone }: Props) {
  const t = useT();
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const outcome = useRef<HTMLDivElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setRefusals([]);
    setDone(null);
    try {
      const res = await api<{ assigned: number; to: { name: string } }>('POST', '/api/cases/assignments', {
        caseIds: [...selected.keys()],
        userId: to,
        reason,
      });
      setDone(t('reassign.done', { n: selected.size, name: res.to.name }));
      setReason('');
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'assignment_refused') setRefusals((err.body.cases as Refusal[]) ?? []);
      setError(err);
    } finally {
      setBusy(false);
      // The outcome is announced and the keyboard goes there, whatever it was.
      setTimeout(() => outcome.current?.focus());
    }
  };

  return (
    <section aria-labelledby="reassign-title" className="card reassign">
      <h2 id="reassign-title">{t('reassign.title')}</h2>
      <div ref={outcome} tabIndex={-1}>
        {done && (
          <p role="status" className="saved">
            {done}
          </p>
        )}
        {error !== null && refusals.length === 0 && <Problem error={error} />}
        {refusals.length > 0 && (
          <div role="alert" className="problem">
            <p>{t('reassign.noneMoved')}</p>
            <ul>
              {refusals.map((r) => (
                <li key={r.caseId}>
                  <bdi>{selected.get(r.caseId) ?? r.caseId}</bdi>: {r.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {selected.size === 0 ? (
        <p className="meta">{t('reassign.chooseCases')}</p>
      ) : (
        <form onSubmit={submit}>
          <p>
            {t('reassign.chosen', { n: selected.size })}{' '}
            {[...selected.values()].map((number, i) => (
              <span key={number}>
                {i > 0 && ', '}
                <bdi>{number}</bdi>
              </span>
            ))}
          </p>
          <div className="field">
            <label htmlFor="reassign-to">{t('reassign.to')}</label>
            <select id="reassign-to" required value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="">{t('reassign.chooseWorker')}</option>
              {workers.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="reassign-reason">{t('reassign.reason')}</label>
            <textarea id="reassign-reason" required minLength={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="buttons">
            <button type="submit" className="primary" disabled={busy || !to || reason.trim().length < 3}>
              {t('reassign.submit', { n: selected.size })}
            </button>
            <button type="button" onClick={onClear}>
              {t('reassign.clear')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
