import { FormEvent, useState } from 'react';
import { api } from '../../api';
import { useT } from '../../session';
import { useApi } from '../../use-api';
import { Problem } from '../problem';
import type { CasePerson, CaseView } from './case-view';
import { StatusLine } from './status-line';
import { useAction, useSectionStatus } from './use-action';

/** Assigning or reassigning the case to a worker who could work it (by name and role), with the reason the history keeps. */
export function AssignCase({ c, stamp, onDone }: { c: CaseView; stamp: string; onDone(): void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const people = useApi<CasePerson[]>(open ? `/api/cases/${c.id}/people?for=assign&v=${stamp}` : null);
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const status = useSectionStatus();
  const assign = useAction(status);
  const choices = (people.data ?? []).filter((p) => !p.current);
  const chosen = userId || choices[0]?.id || '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const name = choices.find((p) => p.id === chosen)?.name ?? '';
    const body = { caseIds: [c.id], userId: chosen, reason: reason.trim() };
    if (await assign.run(() => api('POST', '/api/cases/assignments', body), t('actions.assigned', { name }))) {
      setReason('');
      setUserId('');
      onDone();
    }
  };
  return (
    <section aria-labelledby="assign-title" className="card assign">
      <h2 id="assign-title">{c.assignedTo ? t('actions.reassign') : t('actions.assign')}</h2>
      <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary>{t('actions.chooseWorker')}</summary>
        {people.error && <Problem error={people.error} />}
        {people.data && choices.length === 0 && <p className="meta">{t('actions.nobodyToAssign')}</p>}
        {choices.length > 0 && (
          <form onSubmit={submit}>
            <div className="field">
              <label htmlFor="assign-user">{t('actions.assignTo')}</label>
              <select id="assign-user" value={chosen} onChange={(e) => setUserId(e.target.value)}>
                {choices.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} — {p.roles.join(', ')}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="assign-reason">{t('actions.assignReason')}</label>
              <textarea id="assign-reason" required minLength={3} maxLength={1000} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
            </div>
            <button type="submit" className="primary" disabled={assign.busy || !chosen || reason.trim().length < 3}>
              {c.assignedTo ? t('actions.reassign') : t('actions.assign')}
            </button>
          </form>
        )}
      </details>
      <StatusLine status={status} />
      <Problem error={assign.error} />
    </section>
  );
}
