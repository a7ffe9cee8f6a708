import { FormEvent, useState } from 'react';
import { Loading, Problem } from '../components/problem';
import { ImportPeopleLink } from '../people-import/import-link';
import { Link } from '../router';
import { useApi } from '../use-api';
import type { ApiSchemas } from '../api-types';
import { usePeopleT } from './people-texts';
import { usePeoplePack } from './use-people-pack';
import '../stacked-table.css';
import './people.css';

const PAGE = 25;

interface Filters {
  q: string;
  role: string;
  location: string;
  team: string;
  active: string;
}

const EMPTY: Filters = { q: '', role: '', location: '', team: '', active: '' };

function query(f: Filters, offset: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  p.set('limit', String(PAGE));
  p.set('offset', String(offset));
  return `/api/people?${p}`;
}

/** The users an administrator administers (only those: the server leaves out the rest), searched and filtered. */
export default function PeopleListPage() {
  const t = usePeopleT();
  const { sop, names, reach, error } = usePeoplePack();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [offset, setOffset] = useState(0);
  const page = useApi<ApiSchemas['PeoplePage']>(query(filters, offset));

  const search = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setFilters(draft);
  };
  if (error) return <Problem error={error} />;
  if (!sop || !names || !reach) return <Loading />;
  const places = reach.locations ? names.places.filter((p) => reach.locations!.includes(p.code)) : names.places;
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });

  return (
    <div className="people">
      <h1>{t('people.title')}</h1>
      <div className="actions">
        <Link href="/people/new" className="button primary">
          {t('people.create')}
        </Link>
        <ImportPeopleLink />
      </div>
      <form className="card people-filters" role="search" aria-label={t('people.searchLabel')} onSubmit={search}>
        <div className="field">
          <label htmlFor="people-q">{t('people.search')}</label>
          <input id="people-q" type="search" value={draft.q} onChange={set('q')} />
        </div>
        <div className="field">
          <label htmlFor="people-role">{t('people.role')}</label>
          <select id="people-role" value={draft.role} onChange={set('role')}>
            <option value="">{t('people.any')}</option>
            {sop.roles
              .filter((r) => reach.roles.includes(r.id))
              .map((r) => (
                <option key={r.id} value={r.id}>
                  {names.role(r.id)}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="people-location">{t('people.location')}</label>
          <select id="people-location" value={draft.location} onChange={set('location')}>
            <option value="">{t('people.any')}</option>
            {places.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="people-team">{t('people.team')}</label>
          <select id="people-team" value={draft.team} onChange={set('team')}>
            <option value="">{t('people.any')}</option>
            {sop.organisations.teams.map((tm) => (
              <option key={tm.id} value={tm.id}>
                {names.team(tm.id)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="people-active">{t('people.status')}</label>
          <select id="people-active" value={draft.active} onChange={set('active')}>
            <option value="">{t('people.any')}</option>
            <option value="true">{t('people.active')}</option>
            <option value="false">{t('people.inactive')}</option>
          </select>
        </div>
        <div className="actions">
          <button type="submit">{t('people.searchButton')}</button>
        </div>
      </form>
      {page.error ? (
        <Problem error={page.error} />
      ) : !page.data ? (
        <Loading />
      ) : (
        <section aria-labelledby="people-caption">
          <div className="table-wrap people-table stacked-table" role="region" aria-labelledby="people-caption" tabIndex={0}>
            <table role="table">
              <caption id="people-caption">{t('people.caption', { n: page.data.total })}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th scope="col" role="columnheader">
                    {t('people.name')}
                  </th>
                  <th scope="col" role="columnheader">
                    {t('people.roles')}
                  </th>
                  <th scope="col" role="columnheader">
                    {t('people.location')}
                  </th>
                  <th scope="col" role="columnheader">
                    {t('people.team')}
                  </th>
                  <th scope="col" role="columnheader">
                    {t('people.status')}
                  </th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                {page.data.items.map((u) => (
                  <tr key={u.id} role="row">
                    <th scope="row" role="rowheader">
                      <Link href={`/people/${u.id}`}>
                        <bdi>{u.displayName}</bdi>
                      </Link>{' '}
                      <span className="meta">
                        <bdi>{u.username}</bdi>
                      </span>
                    </th>
                    <td role="cell" data-label={t('people.roles')}>
                      {u.roles.map(names.role).join(', ')}
                    </td>
                    <td role="cell" data-label={t('people.location')}>
                      {names.place(u.locationCode)}
                    </td>
                    <td role="cell" data-label={t('people.team')}>
                      {names.team(u.teamId)}
                    </td>
                    <td role="cell" data-label={t('people.status')}>
                      {u.active ? t('people.active') : t('people.inactive')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {page.data.items.length === 0 && <p>{t('people.none')}</p>}
          <nav className="actions" aria-label={t('people.pages')}>
            {offset > 0 && (
              <button type="button" onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                {t('people.previous')}
              </button>
            )}
            {offset + PAGE < page.data.total && (
              <button type="button" onClick={() => setOffset(offset + PAGE)}>
                {t('people.next')}
              </button>
            )}
          </nav>
        </section>
      )}
    </div>
  );
}
