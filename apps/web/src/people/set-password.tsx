import { FormEvent, useState } from 'react';
import { api } from '../api';
import { Problem } from '../components/problem';
import { Link } from '../router';
import { usePeopleT } from './people-texts';

/** Public: a new user (or one who forgot their password) sets it with the one-time code their administrator gave them. */
export default function SetPasswordPage() {
  const t = usePeopleT();
  const [code, setCode] = useState(() => new URLSearchParams(location.search).get('code') ?? '');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [username, setUsername] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setMismatch(password !== repeat);
    if (password !== repeat) return;
    setBusy(true);
    try {
      setUsername((await api<{ username: string }>('POST', '/api/auth/password-reset', { code, password })).username);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (username) {
    return (
      <section className="card narrow" aria-labelledby="set-password-title">
        <h1 id="set-password-title">{t('setPassword.doneTitle')}</h1>
        <p role="status">{t('setPassword.done', { username })}</p>
        <Link href="/login" className="button primary">
          {t('setPassword.signIn')}
        </Link>
      </section>
    );
  }
  return (
    <section className="card narrow" aria-labelledby="set-password-title">
      <h1 id="set-password-title">{t('setPassword.title')}</h1>
      <p>{t('setPassword.intro')}</p>
      <form onSubmit={submit} aria-busy={busy}>
        <div className="field">
          <label htmlFor="set-code">{t('setPassword.code')}</label>
          <input id="set-code" required autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="set-password">{t('setPassword.password')}</label>
          <input
            id="set-password"
            type="password"
            required
            autoComplete="new-password"
            aria-describedby="set-password-help"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <span className="help" id="set-password-help">
            {t('setPassword.help')}
          </span>
        </div>
        <div className="field">
          <label htmlFor="set-repeat">{t('setPassword.repeat')}</label>
          <input id="set-repeat" type="password" required autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </div>
        {mismatch && (
          <p role="alert" className="problem">
            {t('setPassword.mismatch')}
          </p>
        )}
        <Problem error={error} />
        <button type="submit" disabled={busy}>
          {t('setPassword.submit')}
        </button>
      </form>
    </section>
  );
}
