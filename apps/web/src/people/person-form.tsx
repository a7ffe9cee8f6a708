import { FormEvent, useState } from 'react';
import { api } from '../api';
import { Problem } from '../components/problem';
import { LOCALES } from '../i18n';
import type { SopSummary } from '../sop';
import { PackNames, Person, Reach, usePeopleT } from './people-texts';

export interface PersonDraft {
  username: string;
  displayName: string;
  email: string;
  phone: string;
  locale: string;
  roles: string[];
  location: string;
  agency: string;
  team: string;
}

export function draftOf(p: Person | null, sop: SopSummary): PersonDraft {
  return {
    username: p?.username ?? '',
    displayName: p?.displayName ?? '',
    email: p?.email ?? '',
    phone: p?.phone ?? '',
    locale: p?.locale ?? sop.manifest.defaultLocale,
    roles: p?.roles ?? [],
    location: p?.locationCode ?? '',
    agency: p?.agencyId ?? '',
    team: p?.teamId ?? '',
  };
}

interface Props {
  sop: SopSummary;
  names: PackNames;
  reach: Reach;
  /** Null: a new user (the username is asked); else the user changed (the username stays). */
  person: Person | null;
  /** POST (new) or PATCH (change); the answer goes to `onSaved`. */
  onSaved(answer: unknown): void;
  onCancel?(): void;
}

/** A user's details with pickers by name: roles, language, place, agency and team the administrator may give. */
export function PersonForm({ sop, names, reach, person, onSaved, onCancel }: Props) {
  const t = usePeopleT();
  const [d, setD] = useState<PersonDraft>(() => draftOf(person, sop));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The roles the administrator may give, and those the user holds already (shown, so they stay).
  const roles = sop.roles.filter((r) => reach.roles.includes(r.id) || d.roles.includes(r.id));
  const places = reach.locations ? names.places.filter((p) => reach.locations!.includes(p.code)) : names.places;
  const agencies = sop.organisations.agencies.filter((a) => !reach.agencies || reach.agencies.includes(a.id));
  const teams = sop.organisations.teams.filter((tm) => tm.agency === d.agency);
  const set = (k: keyof PersonDraft) => (e: { target: { value: string } }) => setD({ ...d, [k]: e.target.value });
  const id = (k: string) => `person-${k}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      displayName: d.displayName,
      email: d.email || null,
      phone: d.phone || null,
      locale: d.locale,
      roles: d.roles,
      location: d.location,
      agency: d.agency || null,
      team: d.team || null,
    };
    try {
      onSaved(person ? await api('PATCH', `/api/people/${person.id}`, body) : await api('POST', '/api/people', { username: d.username, ...body }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="card person-form" aria-busy={busy}>
      {!person && (
        <div className="field">
          <label htmlFor={id('username')}>{t('people.username')}</label>
          <input id={id('username')} required autoComplete="off" value={d.username} onChange={set('username')} aria-describedby={id('username-help')} />
          <span className="help" id={id('username-help')}>
            {t('people.usernameHelp')}
          </span>
        </div>
      )}
      <div className="field">
        <label htmlFor={id('name')}>{t('people.name')}</label>
        <input id={id('name')} required autoComplete="off" value={d.displayName} onChange={set('displayName')} />
      </div>
      <div className="field">
        <label htmlFor={id('email')}>{t('people.email')}</label>
        <input id={id('email')} type="email" autoComplete="off" value={d.email} onChange={set('email')} />
      </div>
      <div className="field">
        <label htmlFor={id('phone')}>{t('people.phone')}</label>
        <input id={id('phone')} type="tel" autoComplete="off" value={d.phone} onChange={set('phone')} aria-describedby={id('contact-help')} />
        <span className="help" id={id('contact-help')}>
          {t('people.contactHelp')}
        </span>
      </div>
      <div className="field">
        <label htmlFor={id('locale')}>{t('people.language')}</label>
        <select id={id('locale')} value={d.locale} onChange={set('locale')}>
          {sop.manifest.locales.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALES[l]?.name ?? l}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>{t('people.roles')}</legend>
        {roles.map((r) => (
          <label key={r.id} className="choice">
            <input
              type="checkbox"
              checked={d.roles.includes(r.id)}
              onChange={(e) => setD({ ...d, roles: e.target.checked ? [...d.roles, r.id] : d.roles.filter((x) => x !== r.id) })}
            />{' '}
            {names.role(r.id)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={id('location')}>{t('people.location')}</label>
        <select id={id('location')} required value={d.location} onChange={set('location')}>
          <option value="">{t('people.choose')}</option>
          {places.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id('agency')}>{t('people.agency')}</label>
        <select id={id('agency')} value={d.agency} onChange={(e) => setD({ ...d, agency: e.target.value, team: '' })}>
          <option value="">{t('people.noAgency')}</option>
          {agencies.map((a) => (
            <option key={a.id} value={a.id}>
              {names.agency(a.id)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id('team')}>{t('people.team')}</label>
        <select id={id('team')} value={d.team} onChange={set('team')} disabled={teams.length === 0}>
          <option value="">{t('people.noTeam')}</option>
          {teams.map((tm) => (
            <option key={tm.id} value={tm.id}>
              {names.team(tm.id)}
            </option>
          ))}
        </select>
      </div>
      <Problem error={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {person ? t('people.save') : t('people.createButton')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('people.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
