import { AppConfig, ConfigError, loadConfig, unknownVariables } from './load-config';
import { VARIABLES } from './variables';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives every default on an empty environment', () => {
    const c = loadConfig({});
    expect(c).toBeInstanceOf(AppConfig);
    expect(c).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      HOST: '127.0.0.1',
      DB_POOL_SIZE: 20,
      CMIS_BODY_LIMIT: '1mb',
      CMIS_SOP_DIR: 'sops/moldova',
      CMIS_DEMO: false,
      CMIS_SCHEDULER: false,
      CMIS_SCHEDULER_CRON: '*/15 * * * * *',
      CMIS_MAIL_FROM: 'CMIS <no-reply@localhost>',
      CMIS_OUTBOX_LEASE_MS: 300_000,
      CMIS_OUTBOX_BACKOFF_MS: 30_000,
      CMIS_OUTBOX_MAX_ATTEMPTS: 8,
      CMIS_OUTBOX_MAX_AGE_HOURS: 72 * 3_600_000,
      CMIS_AUDIT_CHAINS: 16,
      CMIS_LOG_LEVEL: 'info',
      CMIS_PUBLIC_URL: 'http://localhost:3000',
    });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.CMIS_SMTP_URL).toBeUndefined();
    expect(() => c.requireDatabaseUrl()).toThrow(/DATABASE_URL is not set/);
  });

  it('parses each type', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://cmis_app:pw@db:5432/cmis',
      PORT: '8080',
      CMIS_DEMO: '1',
      CMIS_SCHEDULER: 'on',
      CMIS_OUTBOX_LEASE_MS: '5m',
      CMIS_OUTBOX_BACKOFF_MS: '45000',
      CMIS_OUTBOX_MAX_AGE_HOURS: '2',
      CMIS_LOG_LEVEL: 'debug',
      CMIS_SMTP_URL: ' smtps://u:p@mail.example.org:465 ',
      CMIS_PUBLIC_URL: 'https://cmis.example.org/',
      NODE_ENV: 'production',
    });
    expect(c).toMatchObject({
      DATABASE_URL: 'postgres://cmis_app:pw@db:5432/cmis',
      PORT: 8080,
      CMIS_DEMO: true,
      CMIS_SCHEDULER: true,
      CMIS_OUTBOX_LEASE_MS: 300_000,
      CMIS_OUTBOX_BACKOFF_MS: 45_000,
      CMIS_OUTBOX_MAX_AGE_HOURS: 7_200_000,
      CMIS_LOG_LEVEL: 'debug',
      CMIS_SMTP_URL: 'smtps://u:p@mail.example.org:465',
      CMIS_PUBLIC_URL: 'https://cmis.example.org',
      NODE_ENV: 'production',
    });
    expect(loadConfig({ PORT: '4000' }).CMIS_PUBLIC_URL).toBe('http://localhost:4000');
    expect(loadConfig({ CMIS_DEMO: '0', CMIS_SCHEDULER: 'off' })).toMatchObject({ CMIS_DEMO: false, CMIS_SCHEDULER: false });
  });

  it('takes blank as unset', () => {
    expect(loadConfig({ CMIS_SMTP_URL: '  ', PORT: '', CMIS_AUDIT_CHAINS: ' ' })).toMatchObject({
      CMIS_SMTP_URL: undefined,
      PORT: 3000,
      CMIS_AUDIT_CHAINS: 16,
    });
  });

  it('names the variable, the bad value and what it expects', () => {
    expect(problems({ CMIS_MAIL_FROM: 'x', PORT: '80a' })).toEqual(['PORT: "80a" is not an integer from 0 to 65535']);
    expect(problems({ CMIS_PUBLIC_URL: 'foo' })).toEqual(['CMIS_PUBLIC_URL: "foo" is not a URL (https://cmis.example.org)']);
    expect(problems({ CMIS_AUDIT_CHAINS: '300' })).toEqual(['CMIS_AUDIT_CHAINS: "300" is not an integer from 1 to 256']);
    expect(problems({ CMIS_DEMO: 'maybe' })).toEqual(['CMIS_DEMO: "maybe" is not on or off (1/0, true/false, yes/no)']);
    expect(problems({ CMIS_LOG_LEVEL: 'loud' })).toEqual([
      `CMIS_LOG_LEVEL: "loud" is not one of ${['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].join(', ')}`,
    ]);
    expect(problems({ CMIS_OUTBOX_LEASE_MS: '-5' })[0]).toMatch(/^CMIS_OUTBOX_LEASE_MS: "-5" is not a duration/);
    expect(problems({ CMIS_SCHEDULER_CRON: 'every minute' })[0]).toMatch(/^CMIS_SCHEDULER_CRON: "every minute" is not a cron expression/);
    expect(problems({ CMIS_BODY_LIMIT: 'lots' })[0]).toMatch(/^CMIS_BODY_LIMIT: "lots" is not a size/);
  });

  it('never shows a secret value, and reports every problem at once', () => {
    const list = problems({ CMIS_SMTP_URL: 'http://user:s3cret@mail', DATABASE_URL: 'mysql://root:hunter2@db/x', PORT: 'x' });
    expect(list).toEqual([
      'DATABASE_URL: the value (not shown) is not a URL (postgres://user:password@host:5432/database)',
      'PORT: "x" is not an integer from 0 to 65535',
      'CMIS_SMTP_URL: the value (not shown) is not a URL (smtp://user:pass@host:port)',
    ]);
    try {
      loadConfig({ CMIS_SMTP_URL: 'foo:s3cret' });
    } catch (e) {
      expect(e.message).toContain('CMIS_SMTP_URL');
      expect(e.message).not.toContain('s3cret');
    }
  });

  it('wants the checkpoint key with the checkpoint directory, and a key long enough to sign with', () => {
    expect(problems({ CMIS_AUDIT_CHECKPOINT_DIR: '/var/lib/cmis/checkpoints' })).toEqual([
      'CMIS_AUDIT_CHECKPOINT_KEY: required when CMIS_AUDIT_CHECKPOINT_DIR is set',
    ]);
    expect(problems({ CMIS_AUDIT_CHECKPOINT_DIR: '/x', CMIS_AUDIT_CHECKPOINT_KEY: 'short' })).toEqual([
      'CMIS_AUDIT_CHECKPOINT_KEY: the value (not shown) is not at least 32 characters (e.g. `openssl rand -hex 32`)',
      'CMIS_AUDIT_CHECKPOINT_KEY: required when CMIS_AUDIT_CHECKPOINT_DIR is set',
    ]);
    const c = loadConfig({ CMIS_AUDIT_CHECKPOINT_DIR: '/x', CMIS_AUDIT_CHECKPOINT_KEY: 'k'.repeat(32), CMIS_AUDIT_CHECKPOINT_INTERVAL: '15' });
    expect(c.CMIS_AUDIT_CHECKPOINT_INTERVAL).toBe(15 * 60_000);
  });

  it('ignores the variables only the scripts read, and is read-only', () => {
    const c = loadConfig({ CMIS_WEB_BUDGET_KB: 'not checked here' }) as unknown as Record<string, unknown>;
    expect('CMIS_WEB_BUDGET_KB' in c).toBe(false);
    expect(() => {
      c.PORT = 1;
    }).toThrow();
  });

  it('points out undeclared CMIS_ variables (typos)', () => {
    expect(unknownVariables({ CMIS_SMPT_URL: 'x', CMIS_SMTP_URL: 'y', HOME: '/root' })).toEqual(['CMIS_SMPT_URL']);
  });

  it('declares a description and an expectation for every variable', () => {
    for (const [name, spec] of Object.entries(VARIABLES)) {
      expect(`${name}: ${spec.description.length > 10 && spec.expected.length > 3}`).toBe(`${name}: true`);
    }
  });
});
