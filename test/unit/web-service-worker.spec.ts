import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { inflateSync } from 'node:zlib';
import { iconPng, precacheFiles, serviceWorkerSource, shellVersion, webManifest } from '../../scripts/web-shell/shell';

const WORKER_CODE = readFileSync(join(__dirname, '../../scripts/web-shell/service-worker.js'), 'utf8');
const ORIGIN = 'https://cmis.example.org';

/** A trimmed Vite manifest: an entry with a static import, CSS and an icon; a lazy page sharing the import. */
const VITE_MANIFEST = {
  'index.html': {
    file: 'assets/index-A1.js',
    isEntry: true,
    imports: ['_problem-B2.js'],
    dynamicImports: ['src/pages/case-page.tsx'],
    css: ['assets/index-C3.css'],
    assets: ['assets/favicon-D4.svg'],
  },
  '_problem-B2.js': { file: 'assets/problem-B2.js' },
  'src/pages/case-page.tsx': { file: 'assets/case-page-E5.js', isDynamicEntry: true, imports: ['_problem-B2.js'], css: ['assets/index-C3.css'] },
  '_index-C3.css': { file: 'assets/index-C3.css', src: '_index-C3.css' },
};

describe('The application shell: what the service worker precaches', () => {
  it('lists the app page and every built file once (lazy pages, CSS and icons too), in a stable order', () => {
    expect(precacheFiles(VITE_MANIFEST)).toEqual([
      '/',
      '/assets/case-page-E5.js',
      '/assets/favicon-D4.svg',
      '/assets/index-A1.js',
      '/assets/index-C3.css',
      '/assets/problem-B2.js',
    ]);
  });

  it("names the version by the files' contents: the same build gives the same version, any changed file a new one", () => {
    const files = new Map<string, string>([
      ['/', '<html>'],
      ['/assets/index-A1.js', 'app'],
    ]);
    const version = shellVersion(files);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(shellVersion(new Map([...files].reverse()))).toBe(version);
    expect(shellVersion(new Map([...files, ['/', '<html lang="fr">']]))).not.toBe(version);
  });
});

/** The generated worker run against fake browser APIs: what it caches, and which requests it answers. */
function loadWorker(fetchResult: 'online' | 'offline' = 'online') {
  const listeners: Record<string, (event: any) => void> = {};
  const stores = new Map<string, Map<string, string>>([
    ['cmis-shell-0ld', new Map([['/', 'old page']])],
    ['someone-else', new Map()],
  ]);
  const networkRequests: string[] = [];
  const keyOf = (r: any) => new URL(typeof r === 'string' ? r : r.url, ORIGIN).pathname;
  const caches = {
    open: async (name: string) => {
      if (!stores.has(name)) stores.set(name, new Map());
      const store = stores.get(name)!;
      return {
        addAll: async (requests: any[]) => requests.forEach((r) => store.set(keyOf(r), `shell ${keyOf(r)}`)),
        match: async (r: any) => store.get(keyOf(r)),
        put: async (r: any, body: string) => store.set(keyOf(r), body),
      };
    },
    keys: async () => [...stores.keys()],
    delete: async (name: string) => stores.delete(name),
  };
  const fetch = async (r: any) => {
    networkRequests.push(keyOf(r));
    if (fetchResult === 'offline') throw new TypeError('Failed to fetch');
    return `network ${keyOf(r)}`;
  };
  const self = {
    location: new URL(`${ORIGIN}/sw.js`),
    addEventListener: (type: string, listener: (event: any) => void) => (listeners[type] = listener),
    clients: { claim: jest.fn(async () => undefined) },
    skipWaiting: jest.fn(),
  };
  const Request = class {
    url: string;
    constructor(url: string) {
      this.url = new URL(url, ORIGIN).href;
    }
  };
  const source = serviceWorkerSource('n3w', ['/', '/assets/index-A1.js'], WORKER_CODE);
  runInNewContext(source, { self, caches, fetch, Request, Response: { error: () => 'network error' }, URL });

  /** Dispatches an event; resolves with what the worker answered (undefined: it let the browser do it). */
  const dispatch = async (type: string, init: Record<string, any> = {}) => {
    let answer: Promise<unknown> | undefined;
    let waitFor: Promise<unknown> | undefined;
    listeners[type]({ ...init, respondWith: (p: Promise<unknown>) => (answer = p), waitUntil: (p: Promise<unknown>) => (waitFor = p) });
    await waitFor;
    return answer === undefined ? undefined : { body: await answer };
  };
  const request = (path: string, mode = 'cors', method = 'GET') => ({ request: { url: new URL(path, ORIGIN).href, mode, method } });
  return { dispatch, request, stores, self, networkRequests };
}

describe('The application shell: the service worker', () => {
  it('installs the shell into its own cache, and on activation drops older shells (not other caches) and takes over the page', async () => {
    const w = loadWorker();
    await w.dispatch('install');
    expect([...w.stores.get('cmis-shell-n3w')!.keys()]).toEqual(['/', '/assets/index-A1.js']);
    await w.dispatch('activate');
    expect([...w.stores.keys()].sort()).toEqual(['cmis-shell-n3w', 'someone-else']);
    expect(w.self.clients.claim).toHaveBeenCalled();
  });

  it('never answers an API request, whether a call, a navigation or a change sent, and stores nothing from it', async () => {
    const w = loadWorker('offline');
    await w.dispatch('install');
    for (const event of [w.request('/api/cases/1'), w.request('/api/cases/1', 'navigate'), w.request('/api/sync', 'cors', 'POST'), w.request('/api')]) {
      expect(await w.dispatch('fetch', event)).toBeUndefined();
    }
    expect([...w.stores.get('cmis-shell-n3w')!.keys()]).toEqual(['/', '/assets/index-A1.js']);
  });

  it('opens a page from the network when it can, from the cached app page only when the network fails', async () => {
    const online = loadWorker('online');
    await online.dispatch('install');
    expect(await online.dispatch('fetch', online.request('/cases/7', 'navigate'))).toEqual({ body: 'network /cases/7' });
    const offline = loadWorker('offline');
    await offline.dispatch('install');
    expect(await offline.dispatch('fetch', offline.request('/cases/7', 'navigate'))).toEqual({ body: 'shell /' });
  });

  it('serves hashed files from the cache first; anything else is left to the browser and nothing is cached at run time', async () => {
    const w = loadWorker('online');
    await w.dispatch('install');
    w.networkRequests.length = 0;
    expect(await w.dispatch('fetch', w.request('/assets/index-A1.js'))).toEqual({ body: 'shell /assets/index-A1.js' });
    expect(w.networkRequests).toEqual([]);
    expect(await w.dispatch('fetch', w.request('/assets/new-Z9.js'))).toEqual({ body: 'network /assets/new-Z9.js' });
    expect(await w.dispatch('fetch', w.request('/manifest.webmanifest'))).toBeUndefined();
    expect(await w.dispatch('fetch', { request: { url: 'https://elsewhere.example/app.js', mode: 'cors', method: 'GET' } })).toBeUndefined();
    expect([...w.stores.get('cmis-shell-n3w')!.keys()]).toEqual(['/', '/assets/index-A1.js']);
  });

  it('a new version waits until the page asks it to take over', async () => {
    const w = loadWorker();
    await w.dispatch('install');
    expect(w.self.skipWaiting).not.toHaveBeenCalled();
    await w.dispatch('message', { data: 'something else' });
    expect(w.self.skipWaiting).not.toHaveBeenCalled();
    await w.dispatch('message', { data: 'cmis-shell:activate' });
    expect(w.self.skipWaiting).toHaveBeenCalled();
  });
});

describe('The application shell: the web manifest and its icons', () => {
  it('makes the app installable: standalone at the root, with SVG and 192/512 px PNG icons', () => {
    const m = webManifest() as any;
    expect(m).toMatchObject({ short_name: 'CMIS', start_url: '/', scope: '/', display: 'standalone', theme_color: '#12355b', background_color: '#f4f6f8' });
    expect(m.icons.map((i: any) => [i.src, i.sizes, i.type])).toEqual([
      ['/icons/icon.svg', 'any', 'image/svg+xml'],
      ['/icons/icon-192.png', '192x192', 'image/png'],
      ['/icons/icon-512.png', '512x512', 'image/png'],
    ]);
  });

  it('draws the icon as a valid PNG: the size asked, blue square, white head, transparent corners', () => {
    const png = iconPng(192);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([192, 192]);
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('latin1', 37, 41)).toBe('IDAT');
    const pixels = inflateSync(png.subarray(41, 41 + idatLength));
    expect(pixels.length).toBe(192 * (1 + 192 * 4));
    const pixel = (x: number, y: number) => [...pixels.subarray(y * (1 + 192 * 4) + 1 + x * 4, y * (1 + 192 * 4) + 5 + x * 4)];
    expect(pixel(0, 0)[3]).toBe(0); // a rounded corner
    expect(pixel(96, 72)).toEqual([255, 255, 255, 255]); // the head's centre
    expect(pixel(20, 96)).toEqual([0x1d, 0x4f, 0x91, 255]); // the square beside the head
  });
});
