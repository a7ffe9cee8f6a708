// ESLint (flat config), run by `npm run lint` as part of `npm test`. Formatting is Prettier's job
// (`npm run format:check`); this file is about mistakes. See docs/development.md ("Checks").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** Files inside a tsconfig (the server's tsconfig.json, or apps/web/tsconfig.json): linted with type information. */
const TYPED = ['{apps,libs,plugins,test,scripts}/**/*.ts', 'apps/web/src/**/*.tsx'];

const NODE_GLOBALS = {
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  __dirname: 'readonly',
  __filename: 'readonly',
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
};

export default tseslint.config(
  // Generated or installed: the tutorial plugin is written from docs/plugins.md by scripts/build-tutorial-plugin.mjs.
  { ignores: ['node_modules/', 'dist/', '.data/', 'artifacts/', 'test-artifacts/', 'plugins/call-log/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `any` is used deliberately where data is JSON whose shape a schema (not the compiler) checks:
      // answers, JSON Schema documents, pack files, plugin settings, and test fixtures. `strict` is on.
      '@typescript-eslint/no-explicit-any': 'off',
      // The code that sanitises text (CSV/XLSX cells, e-mail headers, audit hashing, unsafe-text checks)
      // matches control characters on purpose; every such regular expression is deliberate.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // `x == null` covers null and undefined on purpose; any other loose comparison is marked where
      // it is meant (the rule language's `==` follows JSON Logic).
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Promises that nobody awaits lose their errors (an unhandled rejection stops the process) and
    // their ordering; these two rules need type information, which costs most of the lint's time.
    files: TYPED,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // React ignores what an event handler returns; `onClick={async () => …}` is the web app's style.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // The classic rules of hooks. Not the React Compiler rules of the plugin's `recommended` preset:
    // the web app is not built with the compiler.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Node scripts and CommonJS configuration files.
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: NODE_GLOBALS },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
