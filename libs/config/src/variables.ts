import cron from 'node-cron';
import { bool, duration, int, oneOf, str, url } from './variable-types';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const POSTGRES = { protocols: ['postgres:', 'postgresql:'], example: 'postgres://user:password@host:5432/database' };

/**
 * Every environment variable CMIS reads, in the order docs/configuration.md lists them. A variable
 * set to blank counts as unset. Add new settings here (and run `npm run cmis -- config variables`
 * to refresh the table in the docs; a unit test compares them).
 */
export const VARIABLES = {
  NODE_ENV: oneOf(['development', 'production', 'test'] as const, {
    default: 'development',
    description: 'Under `test` failing queries are not logged (the suites provoke many); Jest sets it.',
  }),
  // Database
  DATABASE_URL: url({
    ...POSTGRES,
    secret: true,
    description:
      'The application\'s connection, as the least-privilege role `cmis_app` ("Database roles" in docs/development.md). Required by the API, the worker and the CLI\'s database commands; `npm start` and `npm test` set it.',
  }),
  DATABASE_OWNER_URL: url({
    ...POSTGRES,
    secret: true,
    description:
      'The schema owner, used only to run migrations (under an advisory lock) at start-up and by `cmis migrate`. Unset: migrations run over `DATABASE_URL`, for simple setups only.',
  }),
  DATABASE_LISTEN_URL: url({
    ...POSTGRES,
    secret: true,
    description:
      "Where each API process listens for the database's announcements (a revoked session, a changed user), over one connection that stays open: PostgreSQL itself or a pooler in session mode, never a transaction pool (docs/production.md). Unset: `DATABASE_URL`.",
  }),
  DB_POOL_SIZE: int({ min: 1, max: 1000, default: 20, description: "Connections in the application's pool, per process." }),
  DATABASE_REPLICA_URL: url({
    ...POSTGRES,
    secret: true,
    description:
      'A streaming replica (read-only copy) of the database, as the same role as `DATABASE_URL`: reports, dashboards and exports read from it and show how far behind it is (docs/production.md). Unset: they read the primary. Migrations never run against it.',
  }),
  DB_REPLICA_POOL_SIZE: int({ min: 1, max: 1000, default: 10, description: 'Connections in the pool to `DATABASE_REPLICA_URL`, per process.' }),
  // HTTP
  PORT: int({ min: 0, max: 65535, default: 3000, description: 'Port the API (and the web app) listens on.' }),
  HOST: str({ default: '127.0.0.1', description: 'Address the API listens on; `0.0.0.0` for every interface.' }),
  CMIS_BODY_LIMIT: str({
    default: '1mb',
    pattern: /^\d+(b|kb|mb|gb)?$/i,
    expected: 'a size such as 512kb or 1mb',
    description: 'Largest JSON request body; larger ones get 413.',
  }),
  CMIS_TRUST_PROXY: str({
    pattern: /^(true|false|\d+|[\w.:/, -]+)$/,
    expected: 'false, a number of proxies, or addresses/subnets (loopback, 10.0.0.0/8)',
    description:
      'Express `trust proxy`, which decides the client IP (sign-in rate limits, sessions list). Unset: the socket address. Behind a reverse proxy: its address or subnet, or the number of proxies; `true` lets any client choose its IP.',
  }),
  CMIS_WEB_DIR: str({ defaultText: '`dist/web` under the working directory', description: 'The built web app (`npm run build:web`) the API serves.' }),
  CMIS_PUBLIC_URL: url({
    protocols: ['http:', 'https:'],
    example: 'https://cmis.example.org',
    defaultText: '`http://localhost:$PORT`',
    description: 'Base of the links in messages: the address users reach the web app at.',
  }),
  // Start-up
  CMIS_SOP_DIR: str({
    default: 'sops/moldova',
    description: 'Pack published at start-up (a no-op when that content is already published), relative to the checkout.',
  }),
  CMIS_DEMO: bool({ default: false, description: 'Seed demo users and demo cases at start-up (`npm start` sets 1). Never in production.' }),
  // Logs
  CMIS_LOG_LEVEL: oneOf(LOG_LEVELS, {
    default: 'info',
    description: "Least severe level logged (JSON lines on stdout, one per event; each request's line carries its request id).",
  }),
  // Scheduler and notifications
  CMIS_SCHEDULER: bool({
    default: false,
    description: 'Run the node-cron scheduler (alerts, digests, outbox) in this process. The worker always does; `npm start` sets `on`.',
  }),
  CMIS_SCHEDULER_CRON: str({
    default: '*/15 * * * * *',
    expected: 'a cron expression with seconds, e.g. */15 * * * * *',
    check: (v) => cron.validate(v),
    description: 'When the scheduler runs.',
  }),
  CMIS_SMTP_URL: url({
    protocols: ['smtp:', 'smtps:'],
    example: 'smtp://user:pass@host:port',
    secret: true,
    description: 'Mail server for email notifications. Unset: no email is sent (messages wait in the outbox).',
  }),
  CMIS_MAIL_FROM: str({ default: 'CMIS <no-reply@localhost>', description: 'The From header of email; its domain also names the Message-IDs.' }),
  CMIS_OUTBOX_LEASE_MS: duration({
    unit: 'ms',
    default: 300_000,
    description: "How long a worker's claim on a message lasts (renewed before each send); must exceed the 120 s send timeout.",
  }),
  CMIS_OUTBOX_BACKOFF_MS: duration({ unit: 'ms', default: 30_000, description: 'First retry delay after a failed send, doubled per attempt (up to 6 h).' }),
  CMIS_OUTBOX_MAX_ATTEMPTS: int({ min: 1, max: 1000, default: 8, description: 'Attempts before a message fails and waits for an administrator.' }),
  CMIS_OUTBOX_MAX_AGE_HOURS: duration({ unit: 'h', default: 72 * 3_600_000, description: 'A message nobody could send for this long fails as stale.' }),
  // Secrets at rest
  CMIS_SECRETS_KEY: str({
    secret: true,
    pattern: /^([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/,
    expected: '64 hex digits or base64 of 32 bytes (`openssl rand -base64 32`)',
    defaultText: '`npm start`: a key made once and kept in `.data/secrets.key`',
    description:
      'Encrypts the two-factor secrets in the database (AES-256-GCM). Required in production (the API refuses to start without it); elsewhere a fixed development key stands in. Rotate: move the old key to `CMIS_SECRETS_OLD_KEYS`, set a new one, run `npm run cmis -- secrets reencrypt`.',
  }),
  CMIS_SECRETS_OLD_KEYS: str({
    secret: true,
    pattern: /^([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)([\s,]+([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?))*$/,
    expected: 'keys like CMIS_SECRETS_KEY, separated by commas',
    description: 'Earlier values of `CMIS_SECRETS_KEY`, still accepted to decrypt until `npm run cmis -- secrets reencrypt` has run.',
  }),
  CMIS_BACKUP_PASSPHRASE: str({
    secret: true,
    description:
      '`cmis backup` and `cmis restore`: the passphrase of the backup file, when neither `--passphrase-file` is given nor a terminal is there to ask on (docs/backup.md).',
  }),
  // Audit
  CMIS_AUDIT_CHAINS: int({ min: 1, max: 256, default: 16, description: 'Hash chains the audit log is spread over, by case (docs/adr/0004-audit-log.md).' }),
  CMIS_AUDIT_CHECKPOINT_DIR: str({
    defaultText: '`npm start`: `.data/audit-checkpoints`, with a key made once in `.data/audit-checkpoint.key`',
    description:
      "Directory the scheduler writes signed checkpoints of every audit chain's head to, so that `audit verify` detects deleted newest rows (docs/adr/0004-audit-log.md). Keep it outside the database server (another disk or host, ideally append-only). Unset: no checkpoints.",
  }),
  CMIS_AUDIT_CHECKPOINT_KEY: str({
    secret: true,
    expected: 'at least 32 characters (e.g. `openssl rand -hex 32`)',
    check: (v) => v.length >= 32,
    description:
      'HMAC-SHA256 key that signs and checks the audit checkpoints; required with `CMIS_AUDIT_CHECKPOINT_DIR`. Whoever holds it can forge a checkpoint: keep it away from the database.',
  }),
  CMIS_AUDIT_CHECKPOINT_INTERVAL: duration({
    unit: 'm',
    default: 3_600_000,
    description:
      'How often the scheduler verifies the audit chains and writes a checkpoint of their heads (the entries since the previous checkpoint; the whole log once a day).',
  }),
  // Reports
  CMIS_REPORT_MAX_AGE: duration({
    unit: 's',
    min: 0,
    default: 300_000,
    description:
      'Figures that took at least `CMIS_REPORT_KEEP_AFTER_MS` to compute (a dashboard over a whole country) are kept and served for up to this long, recomputed in the background once a fifth of it has passed; dashboards show the time of their figures. 0: always computed live.',
  }),
  CMIS_REPORT_KEEP_AFTER_MS: duration({
    unit: 'ms',
    min: 0,
    default: 200,
    description: 'A report figure that took at least this long to compute is kept (see `CMIS_REPORT_MAX_AGE`).',
  }),
  // DHIS2 (aggregate reporting, docs/dhis2.md)
  DHIS2_URL: url({
    protocols: ['http:', 'https:'],
    example: 'https://dhis2.example.org',
    description: "The DHIS2 server the pack's dhis2.json values are sent to (POST <url>/api/dataValueSets). Unset: previews only, nothing is sent.",
  }),
  DHIS2_USERNAME: str({ description: 'DHIS2 user for basic authentication (with `DHIS2_PASSWORD`); or use `DHIS2_TOKEN`.' }),
  DHIS2_PASSWORD: str({ secret: true, description: 'Password of `DHIS2_USERNAME`.' }),
  DHIS2_TOKEN: str({
    secret: true,
    description: 'A DHIS2 personal access token (sent as `Authorization: ApiToken <token>`); used instead of the user name and password when set.',
  }),
  // Read only by the shell scripts and test tooling, listed so the docs are complete (and so that
  // the app, which warns about undeclared CMIS_ variables as likely typos, does not warn about them).
  CMIS_DATA_DIR: str({
    scope: 'scripts',
    defaultText: '`.data` in the checkout',
    description:
      '`npm start` and `npm run cmis`: folder of the embedded PostgreSQL cluster and its port (one per pack you run, README "Run on another pack"); a relative path is taken from the checkout. Not used when `DATABASE_URL` is set.',
  }),
  CMIS_PG_PORT: int({
    min: 1,
    max: 65535,
    scope: 'scripts',
    defaultText: 'a free port, kept in `.data/pg.port`',
    description: '`npm start`: port of the embedded PostgreSQL cluster.',
  }),
  CMIS_WEB_BUDGET_KB: int({
    min: 1,
    max: 100_000,
    scope: 'scripts',
    default: 300,
    description: '`npm run build:web`: gzipped first-page budget; over it the build fails.',
  }),
  CMIS_CHROMIUM: str({
    scope: 'scripts',
    default: '/usr/bin/chromium',
    description: 'Browser tests: the Chromium binary (installed from Debian when missing).',
  }),
};

export type VariableName = keyof typeof VARIABLES;
