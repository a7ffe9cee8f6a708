import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { Problem } from '../components/problem';
import { formatDateTime } from '../dates';
import { Link } from '../router';
import { useApp } from '../session';
import { useApi } from '../use-api';
import { HeldConflictForm } from './held-conflict-form';
import { useHeldT } from './held-texts';
import { changeInWords, conflictsOf, HeldItem, HeldNames, SyncOutcome, reasonInWords } from './held-words';

/** The case a held change belongs to: its number linked to the case, or what it is when the server has no case for it. */
function HeldCase({ held }: { held: HeldItem }) {
  const t = useHeldT();
  // The team's list says the number when the supervisor may read the case; the user's own list leaves it to the case.
  const view = useApi<{ caseNumber: string }>(held.caseId && held.caseNumber === undefined ? `/api/cases/${held.caseId}` : null);
  if (!held.caseId) return <>{t(held.kind === 'register' ? 'held.case.registeredOffline' : 'held.case.notOnServer')}</>;
  const number = held.caseNumber ?? view.data?.caseNumber;
  if (number) return <Link href={`/cases/${held.caseId}`}>{t('held.case', { number })}</Link>;
  return view.error || held.caseNumber === null ? <>{t('held.case.unreadable')}</> : null;
}

/**
 * One held change: its case, what it was, when it was made and received, and why it waits; its
 * owner may choose the answers of a conflict or try it again, and its owner or their supervisor may
 * discard it after saying what is lost.
 */
export function HeldChangeCard({ held, names, onDone }: { held: HeldItem; names: HeldNames; onDone(message: string): void }) {
  const t = useHeldT();
  const { locale, timeZone } = useApp();
  const [open, setOpen] = useState<'choose' | 'discard' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (open === 'discard') question.current?.focus();
  }, [open]);

  const what = changeInWords(t, held, names, locale);
  // Only the one who made the change settles it by its content; a supervisor sees who, where and why, and may discard.
  const own = !!held.change;
  const conflict = held.reason.code === 'sync_conflict' && conflictsOf(held.reason).length > 0;
  const id = `held-${held.key}`;

  const act = async (path: 'retry' | 'discard') => {
    setBusy(true);
    setError(null);
    try {
      if (path === 'discard') {
        // A team member's change is named with its owner (the supervisor's discard).
        await api('POST', `/api/sync/held/${held.key}/discard`, held.owner ? { userId: held.owner.id } : undefined);
        return onDone(t('held.done.discarded'));
      }
      const outcome = await api<SyncOutcome>('POST', `/api/sync/held/${held.key}/retry`);
      onDone(
        outcome.outcome === 'applied'
          ? t('held.done.applied')
          : t('held.done.stillHeld', { reason: reasonInWords(t, { ...held, reason: outcome.reason }, names, locale) }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="card held-change" aria-labelledby={`${id}-what`}>
      <h2 id={`${id}-what`}>
        <bdi>{what}</bdi>
      </h2>
      <p className="held-case">
        <HeldCase held={held} />
      </p>
      {held.owner && <p className="held-owner">{t(held.owner.active ? 'held.by' : 'held.byInactive', { name: held.owner.name })}</p>}
      <p className="meta">
        {held.madeAt ? t('held.made', { at: formatDateTime(held.madeAt, locale, timeZone) }) : t('held.madeUnknown')} ·{' '}
        {t('held.received', { at: formatDateTime(held.receivedAt, locale, timeZone) })}
      </p>
      <p className="held-reason">
        <strong>{t('held.reason')}</strong> <bdi>{reasonInWords(t, held, names, locale)}</bdi>
      </p>
      {open === 'choose' && held.change ? (
        <HeldConflictForm held={held} change={held.change} names={names} onDone={onDone} onCancel={() => setOpen(null)} />
      ) : open === 'discard' ? (
        <div className="held-confirm">
          <p ref={question} tabIndex={-1}>
            {t('held.discard.question', { what })}
          </p>
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => act('discard')}>
              {busy ? t('held.working') : t('held.discard.confirm')}
            </button>
            <button type="button" disabled={busy} onClick={() => setOpen(null)}>
              {t('held.discard.keep')}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          {own && conflict && (
            <button type="button" className="primary" onClick={() => setOpen('choose')}>
              {t('held.action.choose')}
            </button>
          )}
          {own && !conflict && (
            <button type="button" className="primary" disabled={busy} onClick={() => act('retry')}>
              {busy ? t('held.working') : t('held.action.retry')}
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => setOpen('discard')}>
            {t('held.action.discard')}
          </button>
        </div>
      )}
      <Problem error={error} />
    </article>
  );
}
