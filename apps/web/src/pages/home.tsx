import type { ApprovalWaiting, CaseListRow, InboxMessage, ReferralListItem, Worklist, WorklistItem } from '../api-types';
import { FormEvent, useEffect, useState } from 'react';
import { api } from '../api';
import { DeadlineBadge, isolate, RiskBadge } from '../components/badges';
import { IncomingTransfers } from '../components/incoming-transfers';
import { PluginHomeCards } from '../plugin-screens/placements';
import { IntakeQueue } from '../components/intake-queue';
import { ReferralsToAuthoriseCard } from '../components/case-actions/referral-authorisation';
import { Loading, Problem } from '../components/problem';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp, useT } from '../session';
import { creatableCaseTypes, currentSop } from '../sop';
import { useApi } from '../use-api';

type CaseSummary = CaseListRow;
type WorkItem = WorklistItem;

type Message = InboxMessage;

/** What a worker needs first: what is due, their cases, their messages, and a search. */
export function HomePage() {
  const t = useT();
  const { me } = useApp();
  const worklist = useApi<Worklist>('/api/me/deadlines');
  const caseload = useApi<{ items: CaseSummary[]; total: number }>('/api/cases?mine=true&pageSize=50');
  const canRegister = useCanRegister();
  const next = nextDeadlines(worklist.data);
  return (
    <div className="home">
      <h1>{t('home.hello', { name: me?.displayName ?? '' })}</h1>
      <div className="actions">
        {canRegister && (
          <Link href="/cases/new" className="button primary">
            {t('home.register')}
          </Link>
        )}
      </div>
      <Search />
      <section aria-labelledby="due-title" className="card">
        <h2 id="due-title">{t('home.deadlines')}</h2>
        {worklist.loading ? (
          <Loading />
        ) : worklist.error ? (
          <Problem error={worklist.error} />
        ) : (
          <>
            <WorkBucket title={t('deadline.overdue')} items={worklist.data!.overdue} overdue />
            <WorkBucket title={t('deadline.today')} items={worklist.data!.dueToday} />
            <WorkBucket title={t('deadline.upcoming')} items={worklist.data!.upcoming} />
          </>
        )}
      </section>
      {me?.capabilities?.intakeQueue && <IntakeQueue limit={10} />}
      <ApprovalsWaiting />
      <ReferralsToAuthoriseCard />
      <IncomingReferrals />
      <IncomingTransfers />
      <TeamOverdue />
      <PluginHomeCards />
      <section aria-labelledby="cases-title" className="card">
        <h2 id="cases-title">{t('home.myCases')}</h2>
        {caseload.loading ? (
          <Loading />
        ) : caseload.error ? (
          <Problem error={caseload.error} />
        ) : caseload.data!.items.length === 0 ? (
          <p>{t('home.noCases')}</p>
        ) : (
          <ul className="rows">
            {caseload.data!.items.map((c) => (
              <li key={c.id}>
                <Link href={`/cases/${c.id}`}>
                  <strong>
                    <bdi>{c.caseNumber}</bdi>
                  </strong>{' '}
                  <bdi>{c.displayName ?? ''}</bdi>
                </Link>
                <span className="meta">
                  {c.stepLabel} · {t(`status.${c.status}`)}
                </span>
                <RiskBadge risk={c.risk} label={c.riskLabel} />
                {next.get(c.id) && <DeadlineBadge {...next.get(c.id)!} />}
              </li>
            ))}
          </ul>
        )}
      </section>
      <Inbox />
    </div>
  );
}

function nextDeadlines(w: Worklist | null): Map<string, { label: string; dueAt: string; overdue: boolean }> {
  const out = new Map<string, { label: string; dueAt: string; overdue: boolean }>();
  if (!w) return out;
  for (const [items, overdue] of [
    [w.overdue, true],
    [w.dueToday, false],
    [w.upcoming, false],
  ] as const) {
    for (const i of items) if (!out.has(i.caseId)) out.set(i.caseId, { label: i.label, dueAt: i.dueAt, overdue });
  }
  return out;
}

function WorkBucket({ title, items, overdue = false }: { title: string; items: WorkItem[]; overdue?: boolean }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  return (
    <div className={`bucket${overdue ? ' overdue' : ''}`}>
      <h3>
        {title} <span className="count">{items.length}</span>
      </h3>
      {items.length === 0 ? (
        <p className="meta">{t('home.nothing')}</p>
      ) : (
        <ul className="rows">
          {items.map((i) => (
            <li key={`${i.caseId}:${i.label}`}>
              <Link href={`/cases/${i.caseId}`}>
                <strong>
                  <bdi>{i.caseNumber}</bdi>
                </strong>{' '}
                <bdi>{i.displayName ?? ''}</bdi>
              </Link>
              <span className="meta">
                <bdi>{i.label}</bdi>: <bdi>{formatDateTime(i.dueAt, locale, timeZone)}</bdi>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

type Approval = ApprovalWaiting;

/** Approvals the user's roles may give, on cases they may read; shown only when there are some. */
function ApprovalsWaiting() {
  const t = useT();
  const { locale, timeZone } = useApp();
  const approvals = useApi<{ items: Approval[] }>('/api/me/approvals');
  if (!approvals.data || approvals.data.items.length === 0) return null;
  return (
    <section aria-labelledby="approvals-title" className="card">
      <h2 id="approvals-title">
        {t('home.approvals')} <span className="count">{approvals.data.items.length}</span>
      </h2>
      <ul className="rows">
        {approvals.data.items.map((a) => (
          <li key={a.case.id}>
            <Link href={`/cases/${a.case.id}`}>
              <strong>
                <bdi>{a.case.caseNumber}</bdi>
              </strong>{' '}
              <bdi>{a.case.displayName ?? ''}</bdi>
            </Link>
            <span className="meta">
              {a.transition.label} · {t('home.requestedBy', { name: a.requestedBy.name, at: formatDateTime(a.requestedAt, locale, timeZone) })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

type IncomingReferral = ReferralListItem;

/** A provider's users: referrals to their service, what each shares being one click away. */
function IncomingReferrals() {
  const t = useT();
  const { locale, timeZone } = useApp();
  const incoming = useApi<{ items: IncomingReferral[] }>('/api/referrals?status=sent');
  if (!incoming.data || incoming.data.items.length === 0) return null;
  return (
    <section aria-labelledby="incoming-title" className="card">
      <h2 id="incoming-title">
        {t('home.incomingReferrals')} <span className="count">{incoming.data.items.length}</span>
      </h2>
      <ul className="rows">
        {incoming.data.items.map((r) => (
          <li key={r.id}>
            <Link href={`/referrals/${r.id}`}>
              <strong>{r.serviceType.label}</strong> · <bdi>{r.caseNumber}</bdi>
            </Link>
            <span className="meta">
              {r.createdBy?.name}
              {r.respondBy ? ` · ${t('case.answerBy', { at: isolate(formatDateTime(r.respondBy, locale, timeZone)) })}` : ''}
            </span>
            {r.overdue && <span className="badge deadline-overdue">{t('deadline.overdue')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Supervisors: the team's overdue work; asked for only when the API says the user may see it. */
function TeamOverdue() {
  const t = useT();
  const { me } = useApp();
  const team = useApi<Worklist>(me?.capabilities?.teamDeadlines ? '/api/me/deadlines?scope=team' : null);
  if (team.error || !team.data) return null;
  return (
    <section aria-labelledby="team-title" className="card">
      <h2 id="team-title">{t('home.teamOverdue')}</h2>
      <WorkBucket title={t('deadline.overdue')} items={team.data.overdue} overdue />
    </section>
  );
}

function Inbox() {
  const t = useT();
  const { locale, timeZone } = useApp();
  const inbox = useApi<Message[]>('/api/me/notifications');
  const read = async (id: string) => {
    await api('POST', `/api/me/notifications/${id}/read`);
    inbox.reload();
  };
  return (
    <section aria-labelledby="inbox-title" className="card">
      <h2 id="inbox-title">
        {t('home.inbox')} <span className="count">{inbox.data?.filter((m) => !m.readAt).length ?? 0}</span>
      </h2>
      {inbox.loading ? (
        <Loading />
      ) : inbox.error ? (
        <Problem error={inbox.error} />
      ) : inbox.data!.length === 0 ? (
        <p>{t('home.noMessages')}</p>
      ) : (
        <ul className="rows">
          {inbox.data!.slice(0, 20).map((m) => (
            <li key={m.id} className={m.readAt ? 'read' : 'unread'}>
              <details>
                <summary>
                  <strong>{m.title}</strong> <span className="meta">{formatDateTime(m.createdAt, locale, timeZone)}</span>
                </summary>
                <p className="message">{m.body}</p>
                {referralOf(m) && <Link href={`/referrals/${referralOf(m)}`}>{t('home.openReferral')}</Link>}{' '}
                {m.caseId && <Link href={`/cases/${m.caseId}`}>{t('home.openCase')}</Link>}
                {!m.readAt && (
                  <button type="button" className="link" onClick={() => read(m.id)}>
                    {t('home.markRead')}
                  </button>
                )}
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The referral a referral message links to (its body ends with the link), opened in the app: to answer it, authorise it or follow it up. */
function referralOf(m: Message): string | null {
  return m.kind === 'referral' ? (/\/referrals\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i.exec(m.body)?.[1] ?? null) : null;
}

function Search() {
  const t = useT();
  const [q, setQ] = useState('');
  const [path, setPath] = useState<string | null>(null);
  const results = useApi<{ items: CaseSummary[] }>(path);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (q.trim()) setPath(`/api/cases?q=${encodeURIComponent(q.trim())}&pageSize=20`);
  };
  return (
    <section aria-labelledby="search-title" className="card">
      <h2 id="search-title">{t('home.search')}</h2>
      <form role="search" onSubmit={submit} className="inline">
        <label htmlFor="q" className="visually-hidden">
          {t('home.searchLabel')}
        </label>
        <input id="q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('home.searchLabel')} />
        <button type="submit">{t('home.searchButton')}</button>
      </form>
      {path &&
        (results.loading ? (
          <Loading />
        ) : results.error ? (
          <Problem error={results.error} />
        ) : (
          <ul className="rows" aria-live="polite">
            {results.data!.items.length === 0 && <li>{t('home.noResults')}</li>}
            {results.data!.items.map((c) => (
              <li key={c.id}>
                <Link href={`/cases/${c.id}`}>
                  <strong>
                    <bdi>{c.caseNumber}</bdi>
                  </strong>{' '}
                  <bdi>{c.displayName ?? ''}</bdi>
                </Link>{' '}
                <span className="meta">{c.stepLabel}</span>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

function useCanRegister(): boolean {
  const { me, locale } = useApp();
  const [can, setCan] = useState(false);
  useEffect(() => {
    if (!me) return;
    currentSop(locale)
      .then((sop) => setCan(creatableCaseTypes(sop, me.roles).length > 0))
      .catch(() => setCan(false));
  }, [me, locale]);
  return can;
}
