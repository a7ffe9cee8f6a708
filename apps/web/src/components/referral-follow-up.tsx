import { FormEvent, useState } from 'react';
import { api } from '../api';
import { formatDateTime } from '../i18n';
import { useApp, useT } from '../session';
import { Problem } from './problem';
import type { FollowUpQuestion, FollowUpRecord } from '../api-types';

type Answer = boolean | string | undefined;

/** Yes/no as two radio buttons in a fieldset whose legend is the question. */
function YesNo({ id, legend, value, required, onChange }: { id: string; legend: string; value: Answer; required: boolean; onChange(v: boolean): void }) {
  const t = useT();
  return (
    <fieldset className="field">
      <legend>
        {legend}
        {required ? ' *' : ''}
      </legend>
      {([true, false] as const).map((v) => (
        <label key={String(v)} className="choice">
          <input type="radio" name={id} checked={value === v} required={required} onChange={() => onChange(v)} /> {t(v ? 'followUp.yes' : 'followUp.no')}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The referring worker's follow-up of an accepted referral: whether the service was received, then
 * the questions the pack asks (labels and choices from the pack); the server checks the answers.
 * Questions about the service are shown only when it was received; answers to hidden questions are
 * not sent (the server refuses them).
 */
export function FollowUpForm({ referralId, questions, onDone }: { referralId: string; questions: FollowUpQuestion[]; onDone(): void }) {
  const t = useT();
  const [received, setReceived] = useState<boolean | undefined>(undefined);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (id: string, v: Answer) => setAnswers({ ...answers, [id]: v });
  const asked = questions.filter((q) => (q.askedWhen ?? 'serviceReceived') === 'always' || received === true);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const given = Object.fromEntries(asked.map((q) => [q.id, answers[q.id]]).filter(([, v]) => v !== undefined && v !== ''));
      await api('POST', `/api/referrals/${referralId}/follow-up`, {
        serviceReceived: received === true,
        answers: given,
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="follow-up-title">
      <h2 id="follow-up-title">{t('followUp.title')}</h2>
      <form onSubmit={submit}>
        <YesNo id="follow-up-received" legend={t('followUp.serviceReceived')} value={received} required onChange={setReceived} />
        {asked.map((q) => {
          const id = `follow-up-${q.id}`;
          if (q.type === 'boolean')
            return <YesNo key={q.id} id={id} legend={q.label} value={answers[q.id]} required={q.required} onChange={(v) => set(q.id, v)} />;
          return (
            <div key={q.id} className="field">
              <label htmlFor={id}>
                {q.label}
                {q.required ? ' *' : ''}
              </label>
              {q.type === 'option' ? (
                <select id={id} value={String(answers[q.id] ?? '')} required={q.required} onChange={(e) => set(q.id, e.target.value || undefined)}>
                  <option value="">{t('followUp.choose')}</option>
                  {q.options?.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : (
                <textarea
                  id={id}
                  value={String(answers[q.id] ?? '')}
                  maxLength={q.maxLength}
                  required={q.required}
                  onChange={(e) => set(q.id, e.target.value)}
                />
              )}
            </div>
          );
        })}
        <div className="field">
          <label htmlFor="follow-up-notes">{t('followUp.notes')}</label>
          <textarea id="follow-up-notes" value={notes} maxLength={4000} onChange={(e) => setNotes(e.target.value)} />
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t('followUp.save')}
        </button>
        <Problem error={error} />
      </form>
    </section>
  );
}

/** A recorded follow-up: each answer under the pack's question, a choice by its label, never its code. */
export function FollowUpAnswers({ record }: { record: FollowUpRecord }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  const yesNo = (v: boolean | null) => (v === null ? '' : t(v ? 'followUp.yes' : 'followUp.no'));
  return (
    <section aria-labelledby="follow-up-title">
      <h2 id="follow-up-title">{t('followUp.title')}</h2>
      <p className="meta">{formatDateTime(record.at, locale, timeZone)}</p>
      <dl className="answers">
        <div>
          <dt>{t('followUp.serviceReceived')}</dt>
          <dd>{yesNo(record.serviceReceived)}</dd>
        </div>
        {record.answered.map((a) => (
          <div key={a.id}>
            <dt>{a.label}</dt>
            <dd>{typeof a.value === 'boolean' ? yesNo(a.value) : (a.valueLabel ?? a.value)}</dd>
          </div>
        ))}
        {record.notes && (
          <div>
            <dt>{t('followUp.notes')}</dt>
            <dd>{record.notes}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
