/**
 * Run by `npm run build:web` after Vite: writes the application shell's service worker
 * (dist/web/sw.js, the files to precache and a version from their contents), the web manifest
 * (dist/web/manifest.webmanifest) and its icons (dist/web/icons/). See scripts/web-shell/shell.ts.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iconPath, iconPng, ICON_SIZES, precacheFiles, serviceWorkerSource, shellVersion, SHELL_DOCUMENT, SVG_ICON_PATH, webManifest } from './web-shell/shell';

const root = join(__dirname, '..');
const dir = process.env.CMIS_WEB_DIR ?? join(process.cwd(), 'dist/web');

const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8'));
const files = precacheFiles(manifest);
const workerCode = readFileSync(join(root, 'scripts/web-shell/service-worker.js'), 'utf8');
const contents = new Map<string, Buffer | string>(files.map((url) => [url, readFileSync(join(dir, url === SHELL_DOCUMENT ? 'index.html' : url))]));
contents.set('sw', workerCode);
const version = shellVersion(contents);
writeFileSync(join(dir, 'sw.js'), serviceWorkerSource(version, files, workerCode));

writeFileSync(join(dir, 'manifest.webmanifest'), `${JSON.stringify(webManifest(), null, 2)}\n`);
mkdirSync(join(dir, 'icons'), { recursive: true });
copyFileSync(join(root, 'apps/web/src/favicon.svg'), join(dir, SVG_ICON_PATH));
for (const size of ICON_SIZES) writeFileSync(join(dir, iconPath(size)), iconPng(size));
console.log(`Service worker: shell version ${version}, ${files.length} files precached`);
