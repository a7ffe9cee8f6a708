import { FormEvent, useState } from 'react';
import { api, ApiError, setToken } from '../api';
import { Problem } from '../components/problem';
import { navigate } from '../router';
import { useApp, useT } from '../session';

/** Sign-in: username and password, then the authenticator code when the account or role needs it. */
export function LoginPage() {
  const t = useT();
  const { signedIn } = useApp();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ token: string }>('POST', '/api/auth/login', { username, password, ...(needsCode ? { totp } : {}) });
      setToken(res.token);
      await signedIn();
      if (location.pathname === '/login') navigate('/', true);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'two_factor_required') setNeedsCode(true);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="username">{t('login.username')}</label>
          <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="password">{t('login.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {needsCode && (
          <div className="field">
            <label htmlFor="totp">{t('login.code')}</label>
            <input
              id="totp"
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              required
              autoFocus
              value={totp}
              onChange={(e) => setTotp(e.target.value)}
              aria-describedby="totp-help"
            />
            <p id="totp-help" className="help">
              {t('login.codeHelp')}
            </p>
          </div>
        )}
        <Problem error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t(busy ? 'login.signingIn' : 'login.submit')}
        </button>
      </form>
    </section>
  );
}
