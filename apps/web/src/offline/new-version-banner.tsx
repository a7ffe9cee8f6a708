/**
 * The offer of a new release (see service-worker-registration.ts): a polite banner at the foot of the
 * screen, in the page's language, that reloads only when the user says so. It has its own React root
 * beside the app's, so the app's component tree does not carry it.
 */
import { createRoot } from 'react-dom/client';
import { translate, type Messages } from '../translate';
import ar from '../locales/offline-shell-ar.json';
import en from '../locales/offline-shell-en.json';
import fr from '../locales/offline-shell-fr.json';
import ro from '../locales/offline-shell-ro.json';
import './new-version-banner.css';

const MESSAGES: Record<string, Messages> = { en, fr, ro, ar };

export function NewVersionBanner({ locale, accept, later }: { locale: string; accept: (() => void) | null; later: () => void }) {
  const t = (key: string) => translate(locale, key, {}, MESSAGES);
  // The live region is there from the start, so screen readers announce the text when it appears.
  return (
    <div className="new-version" data-offered={accept ? '' : undefined}>
      <p role="status">{accept ? t('offlineShell.newVersion') : ''}</p>
      {accept && (
        <div className="new-version-actions">
          <button type="button" className="primary" onClick={accept}>
            {t('offlineShell.reload')}
          </button>
          <button type="button" onClick={later}>
            {t('offlineShell.later')}
          </button>
        </div>
      )}
    </div>
  );
}

/** Mounts the (empty) banner after the app's root; the function returned offers a new version. */
export function mountNewVersionBanner(): (accept: () => void) => void {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  let accept: (() => void) | null = null;
  // The app sets the page's language (i18n.ts applyLocale); the banner follows it.
  const render = () =>
    root.render(
      <NewVersionBanner
        locale={document.documentElement.lang || 'en'}
        accept={accept}
        later={() => {
          accept = null;
          render();
        }}
      />,
    );
  new MutationObserver(render).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  render();
  return (offered) => {
    accept = offered;
    render();
  };
}
