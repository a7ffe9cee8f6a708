/* global self, caches, fetch, Request, Response, SHELL_VERSION, SHELL_FILES */
// The application shell's service worker (docs/adr/0012-offline-work-and-sync.md). The build
// (scripts/build-service-worker.ts) writes dist/web/sw.js as two constants, SHELL_VERSION and
// SHELL_FILES, followed by this file.
//
// Security: case data lives only in the encrypted device store. This worker never answers, reads or
// stores anything under /api, and caches nothing at run time: Cache Storage holds the shell's files,
// fetched at install, and nothing else.

const CACHE_PREFIX = 'cmis-shell-';
const CACHE = CACHE_PREFIX + SHELL_VERSION;
/** The app's page, as the server answers every app route; the fallback for a navigation offline. */
const SHELL_DOCUMENT = '/';

self.addEventListener('install', (event) => {
  // 'no-cache': the page's copy is revalidated, so the shell cached is the one just released.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL_FILES.map((file) => new Request(file, { cache: 'no-cache' })))));
});

self.addEventListener('activate', (event) => {
  const oldShells = caches.keys().then((names) => names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE));
  event.waitUntil(
    oldShells
      .then((names) => Promise.all(names.map((name) => caches.delete(name))))
      // The first installation controls the open page at once, so it works offline without a reload.
      .then(() => self.clients.claim()),
  );
});

// A new version waits until the user accepts it (the page's banner), so an open form is not reloaded
// under them and the page's lazy chunks keep matching its scripts.
self.addEventListener('message', (event) => {
  if (event.data === 'cmis-shell:activate') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // The API is never touched: no answer from a cache, none stored (the same prefix the server uses).
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api') || request.method !== 'GET') return;
  if (request.mode === 'navigate') event.respondWith(networkFirst(request));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(request));
});

/** An app page from the server when it answers; the cached page only when the network fails. */
function networkFirst(request) {
  return fetch(request).catch(() =>
    caches
      .open(CACHE)
      .then((cache) => cache.match(SHELL_DOCUMENT))
      .then((page) => page || Response.error()),
  );
}

/** Hashed files never change: the cached copy, else the network's (not stored). */
function cacheFirst(request) {
  return caches
    .open(CACHE)
    .then((cache) => cache.match(request))
    .then((hit) => hit || fetch(request));
}
