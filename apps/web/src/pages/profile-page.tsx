import { FormEvent, useState } from 'react';
import { api } from '../api';
import type { ApiResponse } from '../api-types';
import { AccountT, useAccountT } from '../account-texts';
import { AccountField, fieldMessages } from '../components/account-field';
import { Loading, Problem } from '../components/problem';
import { formatDateTime, LOCALES } from '../i18n';
import { useApp } from '../session';
import { useApi } from '../use-api';

type Session = ApiResponse<'AuthController_sessions'>[number];

/** A user's own account: password, language, two-factor device and where they are signed in. */
export default function ProfilePage() {
  const t = useAccountT();
  const { me } = useApp();
  if (!me) return null;
  return (
    <section aria-labelledby="profile-title">
      <h1 id="profile-title">{t('profile.title')}</h1>
      <p>
        {me.displayName} — {t('profile.signedInAs', { username: me.username })}
      </p>
      <PasswordCard t={t} />
      <LanguageCard t={t} />
      <TwoFactorCard t={t} />
      <SessionsCard t={t} />
    </section>
  );
}

function useAction() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const run = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await work());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const clear = () => {
    setError(null);
    setDone(null);
  };
  return { error, busy, done, run, clear };
}

function Done({ text }: { text: string | null }) {
  return text ? (
    <p role="status" className="saved">
      {text}
    </p>
  ) : null;
}

function PasswordCard({ t }: { t: AccountT }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const { error, busy, done, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const res = await api<{ revokedSessions: number }>('POST', '/api/auth/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      return t('profile.password.done', { n: res.revokedSessions });
    });
  };
  return (
    <section className="card" aria-labelledby="pw-title">
      <h2 id="pw-title">{t('profile.password.title')}</h2>
      <form onSubmit={submit} noValidate>
        <AccountField id="pw-current" label={t('profile.password.current')} messages={fieldMessages(error, '/currentPassword')}>
          {(d, invalid) => (
            <input
              id="pw-current"
              type="password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
              aria-describedby={d}
              aria-invalid={invalid || undefined}
            />
          )}
        </AccountField>
        <AccountField id="pw-new" label={t('profile.password.new')} help={t('profile.password.help')} messages={fieldMessages(error, '/newPassword')}>
          {(d, invalid) => (
            <input
              id="pw-new"
              type="password"
              autoComplete="new-password"
              required
              value={next}
              onChange={(e) => setNext(e.target.value)}
              aria-describedby={d}
              aria-invalid={invalid || undefined}
            />
          )}
        </AccountField>
        <Problem error={error} />
        <Done text={done} />
        <button type="submit" className="primary" disabled={busy}>
          {t('profile.password.submit')}
        </button>
      </form>
    </section>
  );
}

function LanguageCard({ t }: { t: AccountT }) {
  const { locale, setLocale } = useApp();
  const [saved, setSaved] = useState(false);
  return (
    <section className="card" aria-labelledby="lang-title">
      <h2 id="lang-title">{t('profile.language.title')}</h2>
      <div className="field">
        <label htmlFor="profile-locale">{t('profile.language.label')}</label>
        <select
          id="profile-locale"
          value={locale}
          onChange={(e) => {
            // setLocale keeps the choice in the profile too (POST /api/auth/language).
            setLocale(e.target.value);
            setSaved(true);
          }}
        >
          {Object.entries(LOCALES).map(([id, l]) => (
            <option key={id} value={id} lang={id}>
              {l.name}
            </option>
          ))}
        </select>
      </div>
      <Done text={saved ? t('profile.language.saved') : null} />
    </section>
  );
}

function TwoFactorCard({ t }: { t: AccountT }) {
  const { me, signedIn } = useApp();
  const { error, busy, done, run, clear } = useAction();
  const [setup, setSetup] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [disabling, setDisabling] = useState(false);
  const [replacing, setReplacing] = useState(false);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  if (!me) return null;
  const { enabled, required } = me.twoFactor;
  const start = () => run(async () => (setSetup(await api('POST', '/api/auth/two-factor/setup')), null));
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api('POST', '/api/auth/two-factor/confirm', { code });
      setSetup(null);
      setCode('');
      await signedIn();
      return t(enabled ? 'profile.twoFactor.replaced' : 'profile.twoFactor.enabled');
    });
  };
  // A new device: the password and a code of the current one give a new key; a code of the new one confirms it.
  const replace = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      setSetup(await api('POST', '/api/auth/two-factor/replace', { password, code }));
      setReplacing(false);
      setPassword('');
      setCode('');
      return null;
    });
  };
  const disable = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api('POST', '/api/auth/two-factor/disable', { password, code });
      setDisabling(false);
      setPassword('');
      setCode('');
      await signedIn();
      return t('profile.twoFactor.disabled');
    });
  };
  // Back out of replacing, turning off or setting up: nothing changes (a new key not yet confirmed is never used).
  const stop = () => {
    setReplacing(false);
    setDisabling(false);
    setSetup(null);
    setPassword('');
    setCode('');
    clear();
  };
  const codeField = (id: string) => (
    <AccountField id={id} label={t('profile.twoFactor.code')} messages={fieldMessages(error, '/code')}>
      {(d, invalid) => (
        <input
          id={id}
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-describedby={d}
          aria-invalid={invalid || undefined}
        />
      )}
    </AccountField>
  );
  return (
    <section className="card" aria-labelledby="tf2-title">
      <h2 id="tf2-title">{t('profile.twoFactor.title')}</h2>
      <p>{t(enabled ? 'profile.twoFactor.on' : 'profile.twoFactor.off')}</p>
      {required && <p>{t('profile.twoFactor.required')}</p>}
      {enabled && !setup && !replacing && !disabling && (
        <button type="button" onClick={() => (setReplacing(true), setCode(''))}>
          {t('profile.twoFactor.replace')}
        </button>
      )}
      {replacing && (
        <form onSubmit={replace} noValidate aria-label={t('profile.twoFactor.replace')}>
          <p className="help">{t('profile.twoFactor.replaceHelp')}</p>
          <AccountField id="tf2-replace-password" label={t('profile.twoFactor.password')} messages={fieldMessages(error, '/password')}>
            {(d) => (
              <input
                id="tf2-replace-password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                aria-describedby={d}
              />
            )}
          </AccountField>
          {codeField('tf2-replace-code')}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('profile.twoFactor.replaceStart')}
            </button>
            <button type="button" onClick={stop} disabled={busy}>
              {t('profile.twoFactor.cancel')}
            </button>
          </div>
        </form>
      )}
      {!enabled && !setup && (
        <button type="button" className="primary" onClick={start} disabled={busy}>
          {t('profile.twoFactor.setUp')}
        </button>
      )}
      {setup && (
        <form onSubmit={confirm} noValidate>
          <p>{t('profile.twoFactor.enterSecret')}</p>
          <p className="secret">
            <code>{setup.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
          <p>
            <a href={setup.otpauthUri}>{t('profile.twoFactor.openApp')}</a>
          </p>
          {codeField('tf2-code')}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('profile.twoFactor.confirm')}
            </button>
            <button type="button" onClick={stop} disabled={busy}>
              {t('profile.twoFactor.cancel')}
            </button>
          </div>
        </form>
      )}
      {enabled && !required && !disabling && !replacing && !setup && (
        <button type="button" onClick={() => setDisabling(true)}>
          {t('profile.twoFactor.disable')}
        </button>
      )}
      {disabling && (
        <form onSubmit={disable} noValidate>
          <AccountField id="tf2-password" label={t('profile.twoFactor.password')} messages={fieldMessages(error, '/password')}>
            {(d) => (
              <input
                id="tf2-password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                aria-describedby={d}
              />
            )}
          </AccountField>
          {codeField('tf2-disable-code')}
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t('profile.twoFactor.disable')}
            </button>
            <button type="button" onClick={stop} disabled={busy}>
              {t('profile.twoFactor.cancel')}
            </button>
          </div>
        </form>
      )}
      <Problem error={error} />
      <Done text={done} />
    </section>
  );
}

function SessionsCard({ t }: { t: AccountT }) {
  const { locale, timeZone } = useApp();
  const sessions = useApi<Session[]>('/api/auth/sessions');
  const { error, busy, done, run } = useAction();
  const when = (s: string) => formatDateTime(s, locale, timeZone);
  const device = (s: Session) => s.userAgent || t('profile.sessions.unknownDevice');
  const end = (s: Session) =>
    run(async () => {
      const res = await api<{ revoked: number }>('POST', `/api/auth/sessions/${encodeURIComponent(s.id)}/revoke`);
      sessions.reload();
      return t('profile.sessions.ended', { n: res.revoked });
    });
  const endOthers = () =>
    run(async () => {
      const res = await api<{ revoked: number }>('POST', '/api/auth/sessions/revoke-others');
      sessions.reload();
      return t('profile.sessions.ended', { n: res.revoked });
    });
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('profile.sessions.title')}</h2>
      {sessions.loading && <Loading />}
      <Problem error={sessions.error} />
      {sessions.data && (
        <div className="table-wrap" role="region" aria-labelledby="sessions-title" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('profile.sessions.device')}</th>
                <th scope="col">{t('profile.sessions.ip')}</th>
                <th scope="col">{t('profile.sessions.started')}</th>
                <th scope="col">{t('profile.sessions.lastSeen')}</th>
                <th scope="col">{t('directory.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((s) => (
                <tr key={s.id}>
                  <td>
                    <bdi>{device(s)}</bdi>
                    {s.current && <strong className="badge">{t('profile.sessions.current')}</strong>}
                  </td>
                  <td>
                    <bdi>{s.ip ?? ''}</bdi>
                  </td>
                  <td>{when(s.createdAt)}</td>
                  <td>{when(s.lastSeenAt)}</td>
                  <td>
                    {!s.current && (
                      <button
                        type="button"
                        onClick={() => end(s)}
                        disabled={busy}
                        aria-label={t('profile.sessions.endLabel', { device: device(s), when: when(s.lastSeenAt) })}
                      >
                        {t('profile.sessions.end')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {sessions.data && sessions.data.length > 1 && (
        <button type="button" onClick={endOthers} disabled={busy}>
          {t('profile.sessions.endOthers')}
        </button>
      )}
      <Problem error={error} />
      <Done text={done} />
    </section>
  );
}
