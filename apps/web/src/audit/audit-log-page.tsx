import { FormEvent, useEffect, useState } from 'react';
import { api } from '../api';
import { ExportButton } from '../components/export-button';
import { Loading, Problem } from '../components/problem';
import { formatDateTime } from '../dates';
import { Link } from '../router';
import { useApp } from '../session';
import { useApi } from '../use-api';
import { ChainStatus } from './chain-status';
import { ACTION_CHOICES, ActorChoice, actionInWords, AuditLogEntry, AuditLogPage, startOfDayIn, useAuditT } from './audit-texts';
import '../stacked-table.css';
import './audit.css';

interface Filters {
  case: string;
  actor: string;
  action: string;
  outcome: string;
  /** Days, YYYY-MM-DD, in the zone times are shown in. */
  from: string;
  to: string;
}

const EMPTY: Filters = { case: '', actor: '', action: '', outcome: '', from: '', to: '' };

/** The search's parameters: days become the instants they start (the `to` day included: up to the next day's start). */
function searchParams(f: Filters, timeZone?: string): URLSearchParams {
  const p = new URLSearchParams();
  if (f.case.trim()) p.set('case', f.case.trim());
  if (f.actor) p.set('actor', f.actor);
  if (f.action) p.set('action', f.action);
  if (f.outcome) p.set('outcome', f.outcome);
  if (f.from) p.set('from', startOfDayIn(f.from, timeZone).toISOString());
  if (f.to) {
    const next = new Date(`${f.to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    p.set('to', startOfDayIn(next.toISOString().slice(0, 10), timeZone).toISOString());
  }
  return p;
}

/** The auditor's page: whether the log verifies, a search by case, user, action, outcome and days, the entries found and their export. */
export default function AuditLogScreen() {
  const t = useAuditT();
  const { locale, timeZone } = useApp();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const params = searchParams(filters, timeZone);
  const first = useApi<AuditLogPage>(`/api/audit-log?${params}`);
  const [older, setOlder] = useState<{ entries: AuditLogEntry[]; nextBefore: string | null } | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [userText, setUserText] = useState('');
  const [actors, setActors] = useState<ActorChoice[] | null>(null);
  const [actorError, setActorError] = useState<unknown>(null);

  // A new first page drops the older pages loaded under the previous filters.
  useEffect(() => setOlder(null), [first.data]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
  };
  const findUsers = async () => {
    setActorError(null);
    try {
      setActors(await api<ActorChoice[]>('GET', `/api/audit-log/actors?${new URLSearchParams({ q: userText })}`));
    } catch (err) {
      setActorError(err);
    }
  };
  const loadOlder = async () => {
    const before = older?.nextBefore ?? first.data?.nextBefore;
    if (!before) return;
    setMoreError(null);
    try {
      const page = await api<AuditLogPage>('GET', `/api/audit-log?${params}&${new URLSearchParams({ before })}`);
      setOlder({ entries: [...(older?.entries ?? []), ...page.entries], nextBefore: page.nextBefore });
    } catch (err) {
      setMoreError(err);
    }
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const entries = first.data ? [...first.data.entries, ...(older?.entries ?? [])] : [];
  const nextBefore = older ? older.nextBefore : first.data?.nextBefore;
  const choiceLabel = (prefix: string) => (prefix.endsWith('.') || prefix.endsWith('_') ? t(`audit.choice.${prefix}`) : actionInWords(t, prefix));

  return (
    <div className="audit-log">
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <ChainStatus />
      <form className="card audit-filters" role="search" aria-label={t('audit.filters')} onSubmit={search}>
        <div className="field">
          <label htmlFor="audit-case">{t('audit.case')}</label>
          <input id="audit-case" value={draft.case} onChange={set('case')} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="audit-user-q">{t('audit.userSearch')}</label>
          <div className="audit-user-find">
            <input
              id="audit-user-q"
              type="search"
              value={userText}
              onChange={(e) => setUserText(e.target.value)}
              onKeyDown={(e) => {
                // Enter finds users here rather than submitting the whole search.
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void findUsers();
                }
              }}
            />
            <button type="button" onClick={findUsers}>
              {t('audit.userFind')}
            </button>
          </div>
          {actors && (
            <p className="meta" role="status">
              {t('audit.userMatches', { n: actors.length })}
            </p>
          )}
          {actorError ? <Problem error={actorError} /> : null}
        </div>
        <div className="field">
          <label htmlFor="audit-user">{t('audit.user')}</label>
          <select id="audit-user" value={draft.actor} onChange={set('actor')}>
            <option value="">{t('audit.userAny')}</option>
            {(actors ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.displayName} ({a.username})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t('audit.action')}</label>
          <select id="audit-action" value={draft.action} onChange={set('action')}>
            <option value="">{t('audit.actionAny')}</option>
            {ACTION_CHOICES.map((a) => (
              <option key={a} value={a}>
                {choiceLabel(a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-outcome">{t('audit.outcome')}</label>
          <select id="audit-outcome" value={draft.outcome} onChange={set('outcome')}>
            <option value="">{t('audit.outcomeAny')}</option>
            <option value="allowed">{t('audit.outcome.allowed')}</option>
            <option value="denied">{t('audit.outcome.denied')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('audit.from')}</label>
          <input id="audit-from" type="date" value={draft.from} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('audit.to')}</label>
          <input id="audit-to" type="date" value={draft.to} onChange={set('to')} />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t('audit.search')}
          </button>
        </div>
      </form>
      {first.error ? (
        <Problem error={first.error} />
      ) : !first.data ? (
        <Loading />
      ) : (
        <section aria-labelledby="audit-caption">
          <ExportButton path={`/api/audit-log/export?${params}`} format="csv" label={t('audit.export')} name="audit-log.csv" />
          {timeZone && <p className="meta">{t('audit.timeZone', { zone: timeZone })}</p>}
          <div className="table-wrap audit-table stacked-table" role="region" aria-labelledby="audit-caption" tabIndex={0}>
            <table role="table">
              <caption id="audit-caption">{t('audit.caption', { n: entries.length })}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th scope="col" role="columnheader">
                    {t('audit.time')}
                  </th>
                  <th scope="col" role="columnheader">
                    {t('audit.who')}
                  </th>
                  <th scope="col" role="columnheader">
                    {t('audit.what')}
                  </th>
                  <th scope="col" role="columnheader">
                    {t('audit.caseCol')}
                  </th>
                  <th scope="col" role="columnheader">
                    {t('audit.result')}
                  </th>
                  <th scope="col" role="columnheader">
                    {t('audit.details')}
                  </th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                {entries.map((e) => (
                  <EntryRow key={e.id} entry={e} locale={locale} timeZone={timeZone} />
                ))}
              </tbody>
            </table>
          </div>
          {entries.length === 0 && <p>{t('audit.none')}</p>}
          {moreError ? <Problem error={moreError} /> : null}
          {nextBefore && (
            <div className="actions">
              <button type="button" onClick={loadOlder}>
                {t('audit.more')}
              </button>
            </div>
          )}
        </section>
      )}
    </div>
  );
}

function EntryRow({ entry: e, locale, timeZone }: { entry: AuditLogEntry; locale: string; timeZone?: string }) {
  const t = useAuditT();
  const at = formatDateTime(e.at, locale, timeZone);
  const details = Object.keys(e.details).length ? JSON.stringify(e.details, null, 1) : '';
  return (
    <tr role="row" className={e.outcome === 'denied' ? 'denied' : undefined}>
      <th scope="row" role="rowheader">
        <time dateTime={e.at}>{at}</time>
      </th>
      <td role="cell" data-label={t('audit.who')}>
        {e.actor ? (
          <>
            <bdi>{e.actor.name ?? e.actor.id}</bdi>
            {e.actor.username && (
              <span className="meta">
                {' '}
                <bdi>{e.actor.username}</bdi>
              </span>
            )}
          </>
        ) : (
          t('audit.system')
        )}
      </td>
      <td role="cell" data-label={t('audit.what')}>
        {actionInWords(t, e.action)}
      </td>
      <td role="cell" data-label={t('audit.caseCol')}>
        {e.case && (
          <Link href={`/cases/${e.case.id}`}>
            <bdi>{e.case.number ?? e.case.id}</bdi>
          </Link>
        )}
      </td>
      <td role="cell" data-label={t('audit.result')}>
        {t(`audit.outcome.${e.outcome}`)}
      </td>
      <td role="cell" data-label={t('audit.details')}>
        {(details || e.fields.length > 0) && (
          <details>
            <summary>{t('audit.detailsOf', { at })}</summary>
            {e.fields.length > 0 && <p className="audit-fields">{t('audit.fields', { fields: e.fields.join(', ') })}</p>}
            {details && (
              <pre dir="ltr" className="audit-json">
                {details}
              </pre>
            )}
          </details>
        )}
      </td>
    </tr>
  );
}
