import { FormEvent, useState } from 'react';
import { api } from '../api';
import { Problem } from '../components/problem';
import { useApp, useT } from '../session';

/**
 * A role that needs two-factor authentication, for a user who has not set it up: the session can do
 * nothing else until an authenticator app is set up with the secret shown here and a code confirms it.
 */
export function TwoFactorSetupPage() {
  const t = useT();
  const { signedIn } = useApp();
  const [setup, setSetup] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const start = () => run(async () => setSetup(await api('POST', '/api/auth/two-factor/setup')));
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api('POST', '/api/auth/two-factor/confirm', { code });
      await signedIn();
    });
  };
  return (
    <section className="card narrow" aria-labelledby="tf-title">
      <h1 id="tf-title">{t('twoFactor.title')}</h1>
      <p>{t('twoFactor.why')}</p>
      {!setup ? (
        <button type="button" className="primary" onClick={start} disabled={busy}>
          {t('twoFactor.start')}
        </button>
      ) : (
        <form onSubmit={confirm}>
          <p>{t('twoFactor.enterSecret')}</p>
          <p className="secret">
            <code>{setup.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
          <p>
            <a href={setup.otpauthUri}>{t('twoFactor.openApp')}</a>
          </p>
          <div className="field">
            <label htmlFor="tf-code">{t('login.code')}</label>
            <input id="tf-code" inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
          </div>
          <button type="submit" className="primary" disabled={busy}>
            {t('twoFactor.confirm')}
          </button>
        </form>
      )}
      <Problem error={error} />
    </section>
  );
}
