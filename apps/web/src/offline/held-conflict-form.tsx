import { FormEvent, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import { Problem } from '../components/problem';
import { useApp } from '../session';
import { useHeldT } from './held-texts';
import {
  answerText,
  choiceAgain,
  conflictsOf,
  FieldConflict,
  formOf,
  HeldItem,
  HeldNames,
  QueuedChange,
  reasonInWords,
  resolution,
  SchemaNode,
  SyncOutcome,
} from './held-words';

/** The fresh conflicts of a resolve the server changed again under: in a held outcome, or a 409's problem details. */
function freshConflicts(source: unknown): FieldConflict[] | null {
  const body = (source ?? {}) as Record<string, any>;
  for (const reason of [body.reason, { details: body.details }, { details: body }]) {
    const found = conflictsOf(reason);
    if (found.length) return found;
  }
  return null;
}

/**
 * A held conflict, side by side per field: the user's offline answer and the one on the server now,
 * each as the form shows it (labels, dates), one chosen per field, then sent as the change's
 * resolution. When the server changed again meanwhile, the new values replace the old ones to choose again.
 */
export function HeldConflictForm({
  held,
  change,
  names,
  onDone,
  onCancel,
}: {
  held: HeldItem;
  change: QueuedChange;
  names: HeldNames;
  onDone(message: string): void;
  onCancel(): void;
}) {
  const t = useHeldT();
  const { locale, timeZone } = useApp();
  const formId = formOf(held);
  const [conflicts, setConflicts] = useState<FieldConflict[]>(() => conflictsOf(held.reason));
  const [choice, setChoice] = useState<Record<string, 'yours' | 'theirs'>>({});
  const [fields, setFields] = useState<Record<string, SchemaNode> | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);
  // The form as this user may see it on this case (its version's labels and options); the pack's as a fallback.
  useEffect(() => {
    if (!held.caseId || !formId) return;
    let live = true;
    api<{ schema: SchemaNode }>('GET', `/api/cases/${held.caseId}/forms/${encodeURIComponent(formId)}/schema`)
      .then((r) => live && setFields(r.schema.properties ?? {}))
      .catch(() => live && setFields(null));
    return () => {
      live = false;
    };
  }, [held.caseId, formId, locale]);

  const node = (field: string) => fields?.[field] ?? (formId ? names.field(formId, field) : undefined);
  const label = (field: string) => node(field)?.title ?? field;
  const shown = (field: string, value: unknown) => answerText(node(field), value, { locale, timeZone, t });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const missing = conflicts.filter((c) => !choice[c.field]).map((c) => c.field);
    if (missing.length) {
      setError(null);
      setNote(t('held.conflict.missing', { fields: missing.map(label).join(', ') }));
      return;
    }
    setBusy(true);
    setNote(null);
    setError(null);
    try {
      const outcome = await api<SyncOutcome>('POST', `/api/sync/held/${held.key}/resolve`, resolution(change, conflicts, choice));
      if (outcome.outcome === 'applied') return onDone(t('held.done.resolved'));
      const again = outcome.reason.code === 'sync_conflict' ? freshConflicts(outcome) : null;
      if (again) changedAgain(again);
      else onDone(t('held.done.stillHeld', { reason: reasonInWords(t, { ...held, reason: outcome.reason }, names, locale) }));
    } catch (err) {
      const again = err instanceof ApiError && err.code === 'sync_conflict' ? freshConflicts(err.body) : null;
      if (again) changedAgain(again);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  const changedAgain = (fresh: FieldConflict[]) => {
    const next = choiceAgain(conflicts, choice, fresh);
    setConflicts(next.conflicts);
    setChoice(next.choice);
    setNote(t('held.conflict.changedAgain'));
  };

  const id = `held-${held.key}`;
  return (
    <form className="held-conflict" onSubmit={save} aria-labelledby={`${id}-choose`}>
      <h3 id={`${id}-choose`} ref={heading} tabIndex={-1}>
        {t('held.conflict.title')}
      </h3>
      <p className="meta">{t('held.conflict.intro')}</p>
      {conflicts.map((c) => (
        <fieldset key={c.field} className="held-field">
          <legend>
            <bdi>{label(c.field)}</bdi>
          </legend>
          <div className="held-sides">
            {(['yours', 'theirs'] as const).map((side) => (
              <label key={side} className="choice held-side">
                <input
                  type="radio"
                  name={`${id}-${c.field}`}
                  value={side}
                  checked={choice[c.field] === side}
                  onChange={() => setChoice({ ...choice, [c.field]: side })}
                />
                <span>
                  <span className="held-side-name">{t(side === 'yours' ? 'held.conflict.yours' : 'held.conflict.theirs')}</span>{' '}
                  <bdi className="held-value">{shown(c.field, c[side])}</bdi>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      {note && (
        <p role="alert" className="problem">
          {note}
        </p>
      )}
      <Problem error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('held.working') : t('held.conflict.save')}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('held.conflict.cancel')}
        </button>
      </div>
    </form>
  );
}
