/// <reference types="vite/client" />
/**
 * Registers the application shell's service worker (/sw.js, written by the build), so the interface
 * loads without a connection (docs/adr/0012-offline-work-and-sync.md). A new release's worker waits:
 * `onNewVersion` is told, and the page reloads into it only when the user accepts (they may be mid-form).
 */
const ACTIVATE = 'cmis-shell:activate';

export function registerServiceWorker(onNewVersion: (accept: () => void) => void): void {
  // Vite's dev server has no built shell to precache.
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker
      .register('/sw.js', { scope: '/' })
      .then((registration) => watchForNewVersion(registration, onNewVersion))
      .catch(() => undefined); // no worker (private browsing, plain HTTP): the app works online as before
  };
  // After the page's own files, so installing the shell does not slow the first page down.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

function watchForNewVersion(registration: ServiceWorkerRegistration, onNewVersion: (accept: () => void) => void): void {
  const offer = (worker: ServiceWorker) => {
    // Without a controller this is the first installation: it takes over by itself, nothing to offer.
    if (!navigator.serviceWorker.controller) return;
    onNewVersion(() => {
      navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
      worker.postMessage(ACTIVATE);
    });
  };
  if (registration.waiting) offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed') offer(worker);
    });
  });
  // A phone keeps the app open for days: look for a release whenever it comes back to the screen.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') registration.update().catch(() => undefined);
  });
}
