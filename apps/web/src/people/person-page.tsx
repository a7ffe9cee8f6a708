import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { Loading, Problem } from '../components/problem';
import { LOCALES } from '../i18n';
import { Link } from '../router';
import { useApi } from '../use-api';
import { OneTimeCode } from './one-time-code';
import { OpenCase, PasswordCode, Person, usePeopleT } from './people-texts';
import { PersonForm } from './person-form';
import { usePeoplePack } from './use-people-pack';
import './people.css';

type Pending = 'deactivate' | 'reactivate' | 'twoFactor' | 'unlock' | 'password';

/** One user: details, change, deactivate (their open cases listed for handover) and reactivate, password code, two-factor reset, unlock. */
export default function PersonPage({ id }: { id: string }) {
  const t = usePeopleT();
  const { sop, names, reach, error } = usePeoplePack();
  const person = useApi<Person & { openCases: OpenCase[] }>(`/api/people/${id}`);
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [code, setCode] = useState<PasswordCode | null>(null);
  // The confirmation opens below the details: focus goes to it, so a keyboard or screen reader user knows it is there.
  const confirmRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (confirm) confirmRef.current?.focus();
  }, [confirm]);

  if (error || person.error) return <Problem error={error ?? person.error} />;
  if (!sop || !names || !reach || !person.data) return <Loading />;
  const u = person.data;

  const act = async (what: Pending) => {
    setBusy(true);
    setActionError(null);
    setDone(null);
    setCode(null);
    try {
      const path = { deactivate: 'deactivate', reactivate: 'reactivate', twoFactor: 'two-factor/reset', unlock: 'unlock', password: 'password-code' }[what];
      const answer = await api<any>('POST', `/api/people/${u.id}/${path}`);
      if (what === 'password') setCode(answer);
      setDone(t(`people.done.${what}`, { name: u.displayName }));
      setConfirm(null);
      person.reload();
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  };
  const ask = (what: Pending) => {
    setDone(null);
    setCode(null);
    setConfirm(what);
  };

  return (
    <div className="people">
      <p>
        <Link href="/people">{t('people.back')}</Link>
      </p>
      <h1>
        <bdi>{u.displayName}</bdi>
      </h1>
      {editing ? (
        <PersonForm
          sop={sop}
          names={names}
          reach={reach}
          person={u}
          onSaved={() => {
            setEditing(false);
            setDone(t('people.done.saved', { name: u.displayName }));
            person.reload();
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <section className="card" aria-labelledby="person-details">
          <h2 id="person-details">{t('people.details')}</h2>
          <dl>
            <dt>{t('people.username')}</dt>
            <dd>
              <bdi>{u.username}</bdi>
            </dd>
            <dt>{t('people.status')}</dt>
            <dd>{u.active ? t('people.active') : t('people.inactive')}</dd>
            <dt>{t('people.roles')}</dt>
            <dd>{u.roles.map(names.role).join(', ')}</dd>
            <dt>{t('people.location')}</dt>
            <dd>{names.place(u.locationCode)}</dd>
            <dt>{t('people.agency')}</dt>
            <dd>{names.agency(u.agencyId) || '—'}</dd>
            <dt>{t('people.team')}</dt>
            <dd>{names.team(u.teamId) || '—'}</dd>
            <dt>{t('people.language')}</dt>
            <dd>{LOCALES[u.locale]?.name ?? u.locale}</dd>
            <dt>{t('people.email')}</dt>
            <dd>
              <bdi>{u.email ?? '—'}</bdi>
            </dd>
            <dt>{t('people.phone')}</dt>
            <dd>
              <bdi>{u.phone ?? '—'}</bdi>
            </dd>
            <dt>{t('people.password')}</dt>
            <dd>{u.passwordSet ? t('people.passwordSet') : t('people.passwordNotSet')}</dd>
            <dt>{t('people.twoFactor')}</dt>
            <dd>{u.twoFactorEnabled ? t('people.twoFactorOn') : t('people.twoFactorOff')}</dd>
          </dl>
          <div className="actions">
            <button type="button" onClick={() => setEditing(true)}>
              {t('people.edit')}
            </button>
            {u.active ? (
              <button type="button" onClick={() => ask('deactivate')}>
                {t('people.deactivate')}
              </button>
            ) : (
              <button type="button" onClick={() => ask('reactivate')}>
                {t('people.reactivate')}
              </button>
            )}
            <button type="button" onClick={() => ask('password')}>
              {t('people.resetPassword')}
            </button>
            <button type="button" onClick={() => ask('twoFactor')} disabled={!u.twoFactorEnabled}>
              {t('people.resetTwoFactor')}
            </button>
            <button type="button" onClick={() => ask('unlock')}>
              {t('people.unlock')}
            </button>
          </div>
        </section>
      )}
      {confirm && (
        <section className="card confirm" aria-labelledby="person-confirm" ref={confirmRef} tabIndex={-1}>
          <h2 id="person-confirm">{t(`people.confirm.${confirm}`, { name: u.displayName })}</h2>
          <p>{t(`people.confirmText.${confirm}`)}</p>
          {confirm === 'deactivate' && <OpenCases cases={u.openCases} names={names} />}
          <Problem error={actionError} />
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => act(confirm)}>
              {t(`people.confirmButton.${confirm}`)}
            </button>
            <button type="button" onClick={() => setConfirm(null)}>
              {t('people.cancel')}
            </button>
          </div>
        </section>
      )}
      {done && (
        <p role="status" className="card">
          {done}
        </p>
      )}
      {code && <OneTimeCode code={code} username={u.username} />}
      {!confirm && !u.active && u.openCases.length > 0 && <OpenCases cases={u.openCases} names={names} />}
    </div>
  );
}

/**
 * The user's open cases, to hand over. No link to the case list: an administrator may not read cases,
 * so it showed them none; a supervisor of the team reassigns them from their own case list.
 */
function OpenCases({ cases, names }: { cases: OpenCase[]; names: { caseType(id: string): string } }) {
  const t = usePeopleT();
  if (cases.length === 0) return <p>{t('people.noOpenCases')}</p>;
  return (
    <div>
      <h3>{t('people.openCases', { n: cases.length })}</h3>
      <ul>
        {cases.map((c) => (
          <li key={c.id}>
            <bdi>{c.caseNumber}</bdi> — {names.caseType(c.caseType)}
          </li>
        ))}
      </ul>
      <p>{t('people.handover')}</p>
    </div>
  );
}
