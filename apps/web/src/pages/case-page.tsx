import type { CaseDeadline, CaseTimelineEvent } from '../api-types';
import { FormEvent, useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { DeadlineBadge, RiskBadge } from '../components/badges';
import { CaseForm } from '../components/case-form';
import { ConsentRecords, Referrals } from '../components/case-records';
import { AssignCase } from '../components/case-actions/assign';
import { BreakGlass } from '../components/case-actions/break-glass';
import type { CaseView } from '../components/case-actions/case-view';
import { CaseFlags } from '../components/case-actions/flags';
import { CaseLinks } from '../components/case-actions/links';
import { CaseNotes } from '../components/case-actions/notes';
import { ReferCase } from '../components/case-actions/referral';
import { CaseAccess } from '../components/case-actions/sharing';
import { CaseTransfers } from '../components/case-actions/transfer';
import { Transitions } from '../components/case-actions/transitions';
import { Loading, Problem } from '../components/problem';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp, useT } from '../session';
import { currentSop, pick, SopSummary } from '../sop';
import { useApi } from '../use-api';
import { eventText } from '../timeline-text';
import { PluginCaseSections } from '../plugin-screens/case-sections';
import { OpenCaseFrom } from '../components/case-actions/open-from';
import { offlineStore } from '../offline/offline-store';
import { offlineTranslate } from '../offline/offline-texts';
import { KeepCaseButton } from '../offline/keep-case-button';

type Deadline = CaseDeadline;
type TimelineEvent = CaseTimelineEvent;

/** The case page: who and where the case is, what is due, its forms, what can happen next, and its history. */
export default function CasePage({ id }: { id: string }) {
  const t = useT();
  const { locale, me, timeZone } = useApp();
  const view = useApi<CaseView>(`/api/cases/${id}`);
  const [sop, setSop] = useState<SopSummary | null>(null);
  // Notes, flags, links and shares do not change the case's version: a counter asks the lists again.
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    currentSop(locale)
      .then(setSop)
      .catch(() => setSop(null));
  }, [locale]);
  if (view.loading && !view.data) return <Loading />;
  if (view.error) {
    // A case outside the user's reach: a role that may break the glass is offered it here (the
    // server then says whether the case exists); everyone else reads what an unknown id gets.
    const unreadable = view.error instanceof ApiError && view.error.code === 'case_not_found';
    if (unreadable && me?.capabilities?.breakGlass) {
      return (
        <>
          <h1>{t('glass.pageTitle')}</h1>
          <BreakGlass caseId={id} onOpened={view.reload} />
        </>
      );
    }
    return unreadable ? (
      <div role="alert" className="problem">
        {t('actions.caseNotFound')}
      </div>
    ) : (
      <Problem error={view.error} />
    );
  }
  const c = view.data!;
  const stamp = `${c.version}.${changes}`;
  const changed = () => {
    setChanges((n) => n + 1);
    view.reload();
  };
  const step = sop?.workflow.steps.find((s) => s.id === c.step);
  const stepForms = new Map((step?.forms ?? []).map((f) => [f.form, f.use]));
  // Forms a transition from this step needs (e.g. the closure form) are filled from here too.
  const needed = (sop?.workflow.transitions ?? [])
    .filter((tr: any) => tr.from === '*' || (Array.isArray(tr.from) && tr.from.includes(c.step)))
    .flatMap((tr: any) => (tr.requiresForms ?? []) as string[]);
  const formIds = [...new Set([...stepForms.keys(), ...needed, ...Object.keys(c.forms)])];
  const title = (formId: string) => pick(sop?.forms.find((f) => f.id === formId)?.title, locale) || formId;
  return (
    <article className="case" aria-labelledby="case-title">
      <header className="case-header card">
        <h1 id="case-title">
          <bdi>{c.caseNumber}</bdi>
          {c.displayName && (
            <>
              {' '}
              · <bdi>{c.displayName}</bdi>
            </>
          )}
        </h1>
        {offlineStore.isLocal(c.id) && (
          <p className="notice" role="note">
            {offlineTranslate(locale, 'offline.localCase')}
          </p>
        )}
        <KeepCaseButton caseId={c.id} />
        <dl className="summary">
          <div>
            <dt>{t('case.step')}</dt>
            <dd>{c.stepLabel}</dd>
          </div>
          <div>
            <dt>{t('case.status')}</dt>
            <dd>{t(`status.${c.status}`)}</dd>
          </div>
          <div>
            <dt>{t('case.assigned')}</dt>
            <dd>{c.assignedTo === me?.id ? t('case.you') : (c.assignedToName ?? '—')}</dd>
          </div>
          <div>
            <dt>{t('case.registered')}</dt>
            <dd>{formatDateTime(c.registeredAt, locale, timeZone)}</dd>
          </div>
        </dl>
        <RiskBadge risk={c.risk} label={c.riskLabel} />
        <NextDeadline caseId={id} version={c.version} />
        <p className="no-print">
          <Link href={`/cases/${id}/print`}>{t('print.open')}</Link>
        </p>
      </header>
      <CaseAccess c={c} stamp={stamp} onDone={changed} />
      <CaseFlags caseId={id} stamp={stamp} mayFlag={c.may.flag} onDone={changed} />
      {c.may.take && <TakeCase c={c} onDone={view.reload} />}
      <Transitions c={c} sop={sop} onDone={changed} />
      <OpenCaseFrom c={c} sop={sop} />
      <section aria-labelledby="forms-title" className="card">
        <h2 id="forms-title">{t('case.forms')}</h2>
        {formIds.map((formId) => {
          const entries = c.forms[formId] ?? [];
          const repeatable = stepForms.get(formId) === 'repeatable';
          const current = stepForms.has(formId);
          const forNext = !current && needed.includes(formId);
          return (
            <details key={formId} open={current} className="form-panel">
              <summary>
                <h3>{title(formId)}</h3>{' '}
                <span className="meta">
                  {current ? t('case.currentStep') : forNext ? t('case.forNextStep') : t('case.earlierStep')}
                  {entries.length > 0 && ` · ${t(`submission.${entries[entries.length - 1].status}`)}`}
                </span>
              </summary>
              {/* A form the user's role may not see is named, not asked for. */}
              {!c.may.forms.includes(formId) ? (
                <p className="meta">{t('form.notVisible')}</p>
              ) : (
                <CaseForm
                  caseId={id}
                  formId={formId}
                  version={c.version}
                  repeatable={repeatable}
                  entries={entries}
                  onSaved={view.reload}
                  reload={async () => {
                    const now = await api<CaseView>('GET', `/api/cases/${id}`);
                    view.set(now);
                    return { version: now.version, entries: now.forms[formId] ?? [] };
                  }}
                />
              )}
            </details>
          );
        })}
      </section>
      {c.may.readConsent && <ConsentRecords caseId={id} version={c.version} />}
      <Referrals caseId={id} stamp={stamp} />
      {c.may.refer && <ReferCase c={c} onDone={changed} />}
      <CaseNotes caseId={id} stamp={stamp} mayNote={c.may.note} onDone={changed} />
      <CaseLinks c={c} onDone={changed} />
      {c.may.assign && <AssignCase c={c} stamp={stamp} onDone={changed} />}
      <CaseTransfers c={c} stamp={stamp} onDone={changed} />
      <PluginCaseSections caseId={id} />
      <Timeline caseId={id} stamp={stamp} />
    </article>
  );
}

/**
 * A case waiting in the intake queue of the user's team: taking it makes it theirs (after a
 * confirmation, with an optional note kept on the timeline), and it leaves the queue.
 */
function TakeCase({ c, onDone }: { c: CaseView; onDone(): void }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/cases/${c.id}/take`, note.trim() ? { note: note.trim() } : {});
      onDone();
    } catch (err) {
      setError(err);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };
  // Someone else was quicker, or the role may not take it: said in the user's language.
  const known = error instanceof ApiError && ['intake_already_taken', 'intake_take_not_permitted', 'not_in_intake_queue'].includes(error.code);
  return (
    <section aria-labelledby="take-title" className="card take-case">
      <h2 id="take-title">{t('intake.caseTitle')}</h2>
      <p>{t('intake.caseWaiting')}</p>
      {known ? (
        <div role="alert" className="problem">
          <p>{t(`intake.error.${(error as ApiError).code}`)}</p>
          <button type="button" onClick={onDone}>
            {t('intake.refresh')}
          </button>
        </div>
      ) : (
        <Problem error={error} />
      )}
      {!known && !confirming && (
        <button type="button" className="primary" onClick={() => setConfirming(true)}>
          {t('intake.take')}
        </button>
      )}
      {!known && confirming && (
        <form onSubmit={submit}>
          <div className="field">
            <label htmlFor="take-note">{t('intake.note')}</label>
            <textarea id="take-note" value={note} maxLength={2000} rows={3} onChange={(e) => setNote(e.target.value)} />
          </div>
          <p>{t('intake.confirmText', { caseNumber: c.caseNumber })}</p>
          <div className="buttons">
            <button type="submit" className="primary" disabled={busy}>
              {t('intake.confirm')}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
              {t('intake.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function NextDeadline({ caseId, version }: { caseId: string; version: number }) {
  const t = useT();
  const deadlines = useApi<Deadline[]>(`/api/cases/${caseId}/deadlines?v=${version}`);
  if (!deadlines.data) return null;
  const next = [...deadlines.data].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  return (
    <div className="next-deadline">
      <h2 className="inline-heading">{t('case.nextDeadline')}</h2>{' '}
      {next ? <DeadlineBadge label={next.label} dueAt={next.dueAt} overdue={next.overdue} /> : <span>{t('case.noDeadline')}</span>}
    </div>
  );
}

function Timeline({ caseId, stamp }: { caseId: string; stamp: string }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  const events = useApi<TimelineEvent[]>(`/api/cases/${caseId}/timeline?v=${stamp}`);
  return (
    <section aria-labelledby="timeline-title" className="card">
      <h2 id="timeline-title">{t('case.timeline')}</h2>
      {events.error ? (
        <Problem error={events.error} />
      ) : !events.data ? (
        <Loading />
      ) : (
        <ol className="timeline">
          {[...events.data].reverse().map((e) => (
            <li key={e.seq}>
              <time dateTime={e.at}>{formatDateTime(e.at, locale, timeZone)}</time> <span>{eventText(t, e, locale, timeZone)}</span>
              {e.actor?.name && <span className="meta"> · {e.actor.name}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
