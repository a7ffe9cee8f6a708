import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const lib = (name: string, file = 'index') => fileURLToPath(new URL(`../../libs/${name}/src/${file}.ts`, import.meta.url));

/**
 * The pure libraries the browser runs as the server does (the workflow engine offline, ADR 0012),
 * as `@app/<name>` like on the server; apps/web/tsconfig.json maps the same names for the types, and
 * .dependency-cruiser.cjs allows the web app these and no other lib. Of @app/core the browser takes
 * its pure part (browser.ts): not the request validator, which compiles ajv when loaded.
 */
const PURE_LIBS = { core: lib('core', 'browser'), 'pack-types': lib('pack-types'), rules: lib('rules'), workflow: lib('workflow') };

/**
 * The web app is built into dist/web at the repository root, which the API serves. No React plugin:
 * Vite's own transform handles JSX (automatic runtime); there is no dev-only fast refresh to keep.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: { alias: Object.fromEntries(Object.entries(PURE_LIBS).map(([name, file]) => [`@app/${name}`, file])) },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    target: 'es2022',
    rollupOptions: {
      // RJSF marks modules 'use client' for React Server Components; meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
