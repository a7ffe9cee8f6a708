import { FormEvent, useState } from 'react';
import { api, setToken } from '../api';
import { useAccountT } from '../account-texts';
import { AccountField, fieldMessages } from '../components/account-field';
import { Problem } from '../components/problem';
import { LOCALES } from '../i18n';
import { navigate } from '../router';
import { useApp } from '../session';

/**
 * A new installation without any user: the first administrator is created with the one-time code
 * from the server's log, signs in, and is taken to two-factor set-up, then to the administrator's page.
 */
export default function FirstRunPage({ locales, onCreated }: { locales: string[]; onCreated(): void }) {
  const t = useAccountT();
  const { locale, setLocale, signedIn } = useApp();
  const [form, setForm] = useState({ code: '', displayName: '', username: '', email: '', password: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/setup/administrator', { ...form, locale });
      const session = await api<{ token: string }>('POST', '/api/auth/login', { username: form.username, password: form.password });
      setToken(session.token);
      onCreated();
      // Two-factor set-up comes first (the app shows it while enrolment is required), then the administrator's page.
      navigate('/admin', true);
      await signedIn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const field = (k: keyof typeof form, type: string, autoComplete: string, help?: string) => (
    <AccountField id={`fr-${k}`} label={t(`firstRun.${k === 'displayName' ? 'name' : k}`)} help={help} messages={fieldMessages(error, `/${k}`)}>
      {(describedBy, invalid) => (
        <input
          id={`fr-${k}`}
          name={k}
          type={type}
          autoComplete={autoComplete}
          required
          value={form[k]}
          onChange={set(k)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        />
      )}
    </AccountField>
  );

  return (
    <section className="card narrow" aria-labelledby="first-run-title">
      <h1 id="first-run-title">{t('firstRun.title')}</h1>
      <p>{t('firstRun.intro')}</p>
      <form onSubmit={submit} noValidate>
        {field('code', 'text', 'off', t('firstRun.codeHelp'))}
        {field('displayName', 'text', 'name')}
        {field('username', 'text', 'username', t('firstRun.usernameHelp'))}
        {field('email', 'email', 'email')}
        <AccountField id="fr-locale" label={t('firstRun.language')} messages={fieldMessages(error, '/locale')}>
          {(describedBy) => (
            <select id="fr-locale" value={locale} onChange={(e) => setLocale(e.target.value)} aria-describedby={describedBy}>
              {locales
                .filter((l) => LOCALES[l])
                .map((l) => (
                  <option key={l} value={l} lang={l}>
                    {LOCALES[l].name}
                  </option>
                ))}
            </select>
          )}
        </AccountField>
        {field('password', 'password', 'new-password', t('firstRun.passwordHelp'))}
        <Problem error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t(busy ? 'firstRun.creating' : 'firstRun.submit')}
        </button>
      </form>
    </section>
  );
}
