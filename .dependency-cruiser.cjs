/**
 * The layering rules, checked by `npm run lint:deps` (part of `npm test`). See docs/development.md
 * ("Layering") for the picture these rules describe:
 *
 *   apps (api, worker, cli, bench, web) → plugins/index.ts → plugins/<id> → @app/plugin-sdk
 *   apps → libs (through each lib's index.ts, `@app/<name>`) → … → @app/core
 *
 * Tests (unit specs beside the code, test/**, the plugins' e2e specs) are the one place allowed to
 * reach past a boundary: they import the harness they exercise (a lib's `testing/` helpers, the
 * plugin host from a plugin's own tests). Production code never imports a test.
 */

/** Files that are tests or test support: entry points, and free to use test harnesses. */
const TEST = ['\\.(spec|e2e-spec|contract-spec)\\.ts$', '^test/', '/testing/'];

/** Libraries with no I/O and no framework, usable in the browser and in milliseconds-fast tests. */
const PURE_LIBS = ['core', 'pack-types', 'rules', 'workflow'];
const PURE = `^libs/(${PURE_LIBS.join('|')})/`;

/** npm packages that are server-only: a pure lib, a plugin's code or the web app never imports them. */
const SERVER_PACKAGES = '^node_modules/(@nestjs|typeorm|pg|pg-[^/]+|argon2|nodemailer|node-cron|helmet|express|@casl)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order fragile and layers meaningless. Move the shared piece to the lower layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve to a file or an installed package.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment: 'Production code does not import tests or test harnesses.',
      from: { pathNot: TEST },
      to: { path: TEST },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'Production code uses only `dependencies` of package.json; devDependencies are for tests and tooling.',
      from: { path: '^(apps|libs|plugins)/', pathNot: [...TEST, '^apps/(web|bench)/'] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },

    // ── libs ──────────────────────────────────────────────────────────────────────────────────────
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      comment: 'Libraries are building blocks; they never import an application.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'libs-not-to-plugins',
      severity: 'error',
      comment: 'Libraries know plugins only through the plugin SDK; the installed list is given to them by the apps.',
      from: { path: '^libs/', pathNot: TEST },
      to: { path: '^plugins/' },
    },
    {
      name: 'core-imports-no-lib',
      severity: 'error',
      comment: '@app/core is the bottom layer: errors, clock, ids, translation. It imports no other lib.',
      from: { path: '^libs/core/' },
      to: { path: '^libs/', pathNot: '^libs/core/' },
    },
    {
      name: 'pure-libs-stay-pure',
      severity: 'error',
      comment:
        'The pure libraries (core, pack-types, rules, workflow) run in the browser and in fast unit tests: ' +
        'no framework, no database, no server lib. They import only each other.',
      from: { path: PURE, pathNot: TEST },
      to: { path: [SERVER_PACKAGES, '^libs/'], pathNot: PURE },
    },
    {
      name: 'pure-libs-no-node-builtins',
      severity: 'error',
      comment:
        'The web app bundles the pure libraries (the workflow engine offline, ADR 0012; aliases in apps/web/vite.config.mts): ' +
        'no node built-ins in them, or the browser build breaks.',
      from: { path: PURE, pathNot: TEST },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-browser-part-is-light',
      severity: 'error',
      comment:
        'libs/core/src/browser.ts is what the web app takes of @app/core (its vite alias): the request validator (ajv) ' +
        'and the Nest module stay out of it.',
      from: { path: '^libs/core/src/browser\\.ts$' },
      to: { path: ['^node_modules/', '^libs/core/src/(command|clock\\.module)\\.ts$'] },
    },
    {
      name: 'pack-types-are-types',
      severity: 'error',
      comment: '@app/pack-types is the pack format (types only): it imports nothing but other type declarations.',
      from: { path: '^libs/pack-types/' },
      to: { dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'libs-through-their-index',
      severity: 'error',
      comment:
        'Outside a lib, import it as `@app/<name>` (its src/index.ts), never by a deep path such as ' +
        '`../../core/src/errors`: the index is the public surface.',
      from: { path: '^libs/([^/]+)/', pathNot: TEST },
      to: { path: '^libs/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'only-libs-index-from-outside',
      severity: 'error',
      comment: 'Apps and plugins import a lib only through its index (`@app/<name>`).',
      from: { path: '^(apps|plugins)/', pathNot: TEST },
      to: { path: '^libs/', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },

    {
      name: 'sop-drafts-from-apps-only',
      severity: 'error',
      comment:
        'Drafts of the SOP pack sit on top of the registry: the apps (API, CLI) use them, no lib does ' +
        '(the registry, the engine and the cases never know a draft; they see published versions only).',
      from: { path: '^libs/', pathNot: ['^libs/sop-drafts/', ...TEST] },
      to: { path: '^libs/sop-drafts/' },
    },
    {
      name: 'sop-draft-patches-stay-pure',
      severity: 'error',
      comment:
        "A draft's JSON Patch, pointers and conflict rule are pure (no framework, no database, no other lib): " +
        'unit-tested in milliseconds, and usable by an editor in the browser as they are.',
      from: { path: '^libs/sop-drafts/src/(json-patch|json-pointer|conflicts)\\.ts$' },
      to: { path: [SERVER_PACKAGES, '^libs/'], pathNot: '^libs/sop-drafts/src/(json-patch|json-pointer)\\.ts$' },
    },

    // ── plugins ───────────────────────────────────────────────────────────────────────────────────
    {
      name: 'plugins-only-sdk',
      severity: 'error',
      comment:
        'A plugin imports only @app/plugin-sdk, its own files, node built-ins and npm packages; never another lib or plugin, ' +
        'nor the server frameworks (NestJS, TypeORM, pg...) behind the SDK: the host gives it what it may use.',
      from: { path: '^plugins/([^/]+)/', pathNot: TEST },
      to: { path: ['^libs/', '^plugins/', '^apps/', SERVER_PACKAGES], pathNot: ['^libs/plugin-sdk/src/index\\.ts$', '^plugins/$1/'] },
    },
    {
      name: 'plugin-sdk-is-thin',
      severity: 'error',
      comment:
        'The plugin SDK is what plugins compile against: types and the pure libs only (pack format, rules, engine), ' +
        'never the host, the pack loader, the database or a framework.',
      from: { path: '^libs/plugin-sdk/', pathNot: TEST },
      to: { path: [SERVER_PACKAGES, '^libs/'], pathNot: [PURE, '^libs/plugin-sdk/'] },
    },
    {
      name: 'plugin-tests-only-own-plugin',
      severity: 'error',
      comment: "A plugin's tests may use the harness (libs, test/support) but not another plugin's files.",
      from: { path: '^plugins/([^/]+)/' },
      to: { path: '^plugins/', pathNot: ['^plugins/$1/', '^plugins/index\\.ts$'] },
    },
    {
      name: 'plugins-through-their-index',
      severity: 'error',
      comment: "Apps reach the plugins through plugins/index.ts (the installed list) or a plugin's own index.ts.",
      from: { path: '^apps/', pathNot: TEST },
      to: { path: '^plugins/', pathNot: ['^plugins/index\\.ts$', '^plugins/[^/]+/index\\.ts$'] },
    },

    // ── apps ──────────────────────────────────────────────────────────────────────────────────────
    {
      name: 'apps-independent',
      severity: 'error',
      comment: 'Each app stands alone; shared code lives in a lib.',
      from: { path: '^apps/([^/]+)/', pathNot: [...TEST, '^apps/bench/'] },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'bench-boots-the-api',
      severity: 'error',
      comment: "The bench boots the API in-process (it measures that app): it may import the API's module and setup, nothing else of an app.",
      from: { path: '^apps/bench/' },
      to: { path: '^apps/', pathNot: ['^apps/bench/', '^apps/api/src/app\\.(module|setup)\\.ts$'] },
    },
    {
      name: 'web-no-server-code',
      severity: 'error',
      comment:
        'The web app runs in the browser: it imports its own files, browser npm packages and the pure libs ' +
        '(core, pack-types, rules, workflow), never NestJS, TypeORM, the database or a server lib.',
      from: { path: '^apps/web/' },
      to: {
        path: [SERVER_PACKAGES, '^libs/', '^plugins/', '^apps/(?!web/)'],
        pathNot: `^libs/(${PURE_LIBS.join('|')})/src/index\\.ts$`,
      },
    },
    {
      name: 'web-no-node-builtins',
      severity: 'error',
      comment: 'The web app runs in the browser: no node built-ins (its vite config, run by node, excepted).',
      from: { path: '^apps/web/', pathNot: '^apps/web/vite\\.config\\.mts$' },
      to: { dependencyTypes: ['core'] },
    },

    {
      name: 'no-orphans',
      severity: 'warn',
      comment: 'A module nothing imports: dead code, or an entry point to list here.',
      from: {
        orphan: true,
        pathNot: [
          ...TEST,
          '\\.d\\.ts$',
          '(^|/)main\\.ts$',
          '^apps/web/src/main\\.tsx$',
          '^apps/web/vite\\.config\\.mts$',
          '^scripts/',
          '^libs/database/src/migrations/',
          '(^|/)\\.[^/]+\\.(js|cjs|mjs)$',
          '\\.config\\.(js|cjs|mjs)$',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.data|artifacts|test-artifacts)/' },
    // Types count: a type-only import is still a dependency of the design (a cycle through types is a cycle).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    cache: false,
  },
};
