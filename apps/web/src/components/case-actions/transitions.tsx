import type { CaseTransition } from '../../api-types';
import { FormEvent, useState } from 'react';
import { api } from '../../api';
import { useApp, useT } from '../../session';
import type { SopSummary } from '../../sop';
import { useApi } from '../../use-api';
import { Problem } from '../problem';
import type { CaseView } from './case-view';
import { StatusLine } from './status-line';
import { useAction, useSectionStatus } from './use-action';

type TransitionOption = CaseTransition;

/** Steps a case stops at (paused, closed, transferred): going to or leaving one is asked for with a reason and confirmed. */
const STOPS = ['paused', 'terminal'];

/**
 * What can happen next: the transitions the user may take, an approval waiting for them, and why
 * the others cannot be taken yet. Those the user's role may never take are folded away.
 */
export function Transitions({ c, sop, onDone }: { c: CaseView; sop: SopSummary | null; onDone(): void }) {
  const t = useT();
  const { me } = useApp();
  const options = useApi<TransitionOption[]>(`/api/cases/${c.id}/transitions?v=${c.version}`);
  const [asking, setAsking] = useState<TransitionOption | null>(null);
  const [reason, setReason] = useState('');
  const status = useSectionStatus();
  const act = useAction(status);
  if (!options.data) return options.error ? <Problem error={options.error} /> : null;
  const kindOf = (step: string) => sop?.workflow.steps.find((s) => s.id === step)?.kind ?? 'normal';
  const withReason = (o: TransitionOption) => o.to === '@previous' || STOPS.includes(kindOf(o.to)) || STOPS.includes(kindOf(c.step));
  const perform = (o: TransitionOption, comment?: string) =>
    act
      .run(
        () => api('POST', `/api/cases/${c.id}/transitions/${o.id}`, comment ? { comment } : {}, { ifMatch: c.version }),
        t('actions.done', { action: o.label }),
      )
      .then((ok) => {
        if (!ok) return;
        setAsking(null);
        setReason('');
        onDone();
      });
  const decide = (decision: 'approve' | 'reject') =>
    act.run(() => api('POST', `/api/cases/${c.id}/approval`, { decision }, { ifMatch: c.version }), t(`case.${decision}`)).then((ok) => ok && onDone());
  // Stopping, closing or reopening the case asks for a reason and a confirmation first.
  const choose = (o: TransitionOption) => {
    if (!withReason(o)) return void perform(o);
    setAsking(o);
    setReason('');
  };
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    if (asking) void perform(asking, reason.trim());
  };
  const available = options.data.filter((o) => o.available);
  const byRole = (o: TransitionOption) => o.reasons.some((r) => r.code === 'role_not_allowed');
  const blocked = options.data.filter((o) => !o.available && !byRole(o));
  const notForRole = options.data.filter((o) => !o.available && byRole(o));
  const pending = c.pendingApproval;
  const pendingLabel = pending ? (options.data.find((o) => o.id === pending.transitionId)?.label ?? pending.transitionId) : '';
  return (
    <section aria-labelledby="next-title" className="card">
      <h2 id="next-title">{t('case.whatNext')}</h2>
      {pending && (
        <div className="approval">
          <p>{t('case.awaitingApproval', { transition: pendingLabel })}</p>
          {pending.requestedBy !== me?.id && (
            <div className="buttons">
              <button type="button" className="primary" disabled={act.busy} onClick={() => decide('approve')}>
                {t('case.approve')}
              </button>
              <button type="button" disabled={act.busy} onClick={() => decide('reject')}>
                {t('case.reject')}
              </button>
            </div>
          )}
        </div>
      )}
      <div className="buttons">
        {available.map((o) => (
          <button
            key={o.id}
            type="button"
            className="primary"
            aria-expanded={withReason(o) ? asking?.id === o.id : undefined}
            disabled={act.busy}
            onClick={() => choose(o)}
          >
            {o.label}
            {o.needsApproval ? ` (${t('case.needsApproval')})` : ''}
          </button>
        ))}
      </div>
      {asking && (
        <form onSubmit={confirm} className="confirm-transition" aria-labelledby="confirm-title">
          <h3 id="confirm-title">{t('actions.confirmTitle', { action: asking.label, caseNumber: c.caseNumber })}</h3>
          <div className="field">
            <label htmlFor="transition-reason">{t('actions.transitionReason')}</label>
            <textarea
              id="transition-reason"
              required
              minLength={3}
              maxLength={2000}
              rows={3}
              value={reason}
              autoFocus
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <div className="buttons">
            <button type="submit" className="primary" disabled={act.busy || reason.trim().length < 3}>
              {t('actions.confirm', { action: asking.label })}
            </button>
            <button type="button" disabled={act.busy} onClick={() => setAsking(null)}>
              {t('intake.cancel')}
            </button>
          </div>
        </form>
      )}
      {blocked.length > 0 && (
        <ul className="blocked">
          {blocked.map((o) => (
            <li key={o.id}>
              <strong>{o.label}</strong>: {o.reasons.map((r) => r.message).join(' ')}
            </li>
          ))}
        </ul>
      )}
      {notForRole.length > 0 && (
        <details className="why-not">
          <summary>{t('actions.whyNot', { n: notForRole.length })}</summary>
          <ul>
            {notForRole.map((o) => (
              <li key={o.id}>
                <strong>{o.label}</strong>: {t('actions.notYourRole')}
              </li>
            ))}
          </ul>
        </details>
      )}
      <StatusLine status={status} />
      <Problem error={act.error} />
    </section>
  );
}
