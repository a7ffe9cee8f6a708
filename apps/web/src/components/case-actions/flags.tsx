import type { CaseFlag } from '../../api-types';
import { FormEvent, useState } from 'react';
import { api } from '../../api';
import { formatDateTime } from '../../i18n';
import { useApp, useT } from '../../session';
import { useApi } from '../../use-api';
import { Problem } from '../problem';
import { AddItemForm, useAddItem } from './add-item-form';
import { StatusLine } from './status-line';
import { SectionStatus, useAction } from './use-action';

type Flag = CaseFlag;

/** The case's active flags (a warning to everyone working it), added and removed with a reason by roles that may. */
export function CaseFlags({ caseId, stamp, mayFlag, onDone }: { caseId: string; stamp: string; mayFlag: boolean; onDone(): void }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  const flags = useApi<Flag[]>(`/api/cases/${caseId}/flags?v=${stamp}`);
  const add = useAddItem((reason) => api('POST', `/api/cases/${caseId}/flags`, { reason }), t('actions.flagAdded'), onDone);
  const status = add.status;
  if (!flags.data || (flags.data.length === 0 && !mayFlag)) return flags.error ? <Problem error={flags.error} /> : null;
  return (
    <section aria-labelledby="flags-title" className="card flags">
      <h2 id="flags-title">
        {t('actions.flags')} <span className="count">{flags.data.length}</span>
      </h2>
      {flags.data.length === 0 ? (
        <p className="meta">{t('actions.noFlags')}</p>
      ) : (
        <ul className="rows">
          {flags.data.map((f) => (
            <li key={f.id}>
              <span className="badge flag">⚑ {f.reasonHidden ? t('actions.reasonHidden') : f.reason}</span>
              <span className="meta">
                {f.flaggedBy.name}, {formatDateTime(f.flaggedAt, locale, timeZone)}
              </span>
              {mayFlag && <RemoveFlag caseId={caseId} flag={f} status={status} onDone={onDone} />}
            </li>
          ))}
        </ul>
      )}
      {mayFlag && (
        <AddItemForm
          item={add}
          summary={t('actions.addFlag')}
          fieldId="flag-reason"
          label={t('actions.flagReason')}
          submitLabel={t('actions.addFlag')}
          minLength={3}
          maxLength={1000}
          rows={2}
        />
      )}
      <StatusLine status={status} />
      <Problem error={add.action.error} />
    </section>
  );
}

/** Removing a flag asks why: the flag and its removal stay in the case's history. */
function RemoveFlag({ caseId, flag, status, onDone }: { caseId: string; flag: Flag; status: SectionStatus; onDone(): void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const remove = useAction(status);
  if (!open) {
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        {t('actions.removeFlag')}
      </button>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await remove.run(() => api('POST', `/api/cases/${caseId}/flags/${flag.id}/remove`, { reason: reason.trim() }), t('actions.flagRemoved'))) onDone();
  };
  return (
    <form onSubmit={submit} className="inline-form">
      <div className="field">
        <label htmlFor={`unflag-${flag.id}`}>{t('actions.removeReason')}</label>
        <input id={`unflag-${flag.id}`} required minLength={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      </div>
      <div className="buttons">
        <button type="submit" className="primary" disabled={remove.busy || !reason.trim()}>
          {t('actions.removeFlag')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('intake.cancel')}
        </button>
      </div>
      <Problem error={remove.error} />
    </form>
  );
}
