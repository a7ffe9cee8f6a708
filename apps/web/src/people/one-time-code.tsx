import { formatDateTime } from '../i18n';
import { useApp } from '../session';
import { PasswordCode, usePeopleT } from './people-texts';

/** A set-password code, shown once: the administrator hands it (or its link) to the user. */
export function OneTimeCode({ code, username }: { code: PasswordCode; username: string }) {
  const t = usePeopleT();
  const { locale, timeZone } = useApp();
  const link = `${location.origin}/set-password?code=${encodeURIComponent(code.code)}`;
  return (
    <div className="card confirm" role="status">
      <h2>{t('people.codeTitle')}</h2>
      <p>{t('people.codeIntro', { username })}</p>
      <p className="one-time-code" data-testid="one-time-code">
        {code.code}
      </p>
      <p>
        {t('people.codeLink')} <a href={link}>{link}</a>
      </p>
      <p className="meta">{t('people.codeExpires', { at: formatDateTime(code.expiresAt, locale, timeZone) })}</p>
    </div>
  );
}
