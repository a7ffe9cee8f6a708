import { ApiError, OfflineError } from '../api';
import { offlineStore } from '../offline/offline-store';
import { offlineTranslate } from '../offline/offline-texts';
import { useApp, useT } from '../session';

/**
 * An API error as the user reads it: the server's message and each field at fault, both in the
 * user's language (the API localizes problems by `?locale=`), the field by its label when it has one.
 */
export function Problem({ error }: { error: unknown }) {
  const t = useT();
  const { locale } = useApp();
  if (!error) return null;
  if (error instanceof OfflineError) {
    const text =
      error.kind === 'too_long'
        ? offlineTranslate(locale, 'offline.tooLong', { n: offlineStore.profile?.policy.maxDays ?? 0 })
        : t({ read: 'error.offlineNotLoaded', not_saved: 'error.offlineNotSaved', unconfirmed: 'error.offlineUnconfirmed' }[error.kind]);
    return (
      <div role="alert" className="problem">
        {text}
      </div>
    );
  }
  if (error instanceof ApiError) {
    return (
      <div role="alert" className="problem">
        <p>{error.message}</p>
        {error.errors.length > 0 && (
          <ul>
            {error.errors.map((e, i) => (
              <li key={i}>
                {e.label ? (
                  <>
                    <strong>
                      <bdi>{e.label}</bdi>
                    </strong>
                    {' — '}
                  </>
                ) : (
                  <>
                    <code>{e.path}</code>{' '}
                  </>
                )}
                <bdi>{e.message}</bdi>
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div role="alert" className="problem">
      {String((error as Error).message ?? error)}
    </div>
  );
}

export function Loading() {
  const t = useT();
  return (
    <p className="loading" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}
