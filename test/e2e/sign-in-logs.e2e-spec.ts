import { Logger, LoggerService } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { base32Decode, hashPassword, totp, UsersRepository } from '@app/identity';
import { DEMO_PASSWORD, startTestApp, TestApp } from '../support/app';

const PASSWORD = 'Leak-Probe-Passw0rd-1!';
const WRONG_PASSWORD = 'Wrong-Probe-Passw0rd-2!';
const NEW_PASSWORD = 'New-Probe-Passw0rd-3!';
const SENSITIVE_ANSWER = 'Sensitive-Answer-Probe-7731';

/** Every Nest log line of every level. */
class CapturingLogger implements LoggerService {
  constructor(private readonly lines: string[]) {}
  private keep(level: string, message: unknown, rest: unknown[]) {
    this.lines.push(
      `${level} ${[message, ...rest].map((m) => (m instanceof Error ? `${m.message}\n${m.stack}` : typeof m === 'string' ? m : JSON.stringify(m))).join(' ')}`,
    );
  }
  log(message: unknown, ...rest: unknown[]) {
    this.keep('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.keep('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.keep('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.keep('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.keep('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.keep('fatal', message, rest);
  }
}

/**
 * Passwords, tokens, TOTP secrets and form answers never reach the logs: a capturing logger (all
 * levels) plus everything written to stdout/stderr or the console while signing in and out, with
 * tampered tokens, two-factor enrolment, a password change and a request that fails inside
 * PostgreSQL (a 500 whose failing row held a form answer). Query-error logging is on, as in production.
 */
describe('no passwords, tokens, TOTP secrets or answers in logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  const restores: Array<() => void> = [];

  beforeAll(async () => {
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production'; // the data source then logs failing queries, as in production
    process.env.CMIS_SECRETS_KEY = randomBytes(32).toString('base64'); // production refuses to start without it
    try {
      t = await startTestApp('sign_in_logs');
    } finally {
      process.env.NODE_ENV = nodeEnv;
      delete process.env.CMIS_SECRETS_KEY;
    }
    const users = t.app.get(UsersRepository);
    const model = (await users.findByUsernameWithHash('caseworker'))!;
    await users.upsert({
      username: 'lucy',
      displayName: 'Lucy',
      passwordHash: await hashPassword(PASSWORD),
      roles: ['caseworker'],
      agencyId: model.agencyId,
      teamId: model.teamId,
      locationCode: model.locationCode,
      locationPath: model.locationPath,
      locale: 'en',
    });

    t.app.useLogger(new CapturingLogger(lines));
    Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']);
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write;
      stream.write = function (this: NodeJS.WriteStream, chunk: any, ...args: any[]) {
        lines.push(`${stream === process.stdout ? 'stdout' : 'stderr'} ${String(chunk)}`);
        return original.call(this, chunk, ...args);
      } as typeof stream.write;
      restores.push(() => {
        stream.write = original;
      });
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(`console.${method} ${args.map(String).join(' ')}`);
      });
      restores.push(() => spy.mockRestore());
    }
  });

  afterAll(async () => {
    for (const restore of restores.reverse()) restore();
    await t?.close();
  });

  it('leaves no secret in any log line, at any level, on stdout or stderr', async () => {
    const secrets: Record<string, string> = { PASSWORD, WRONG_PASSWORD, NEW_PASSWORD, SENSITIVE_ANSWER };
    const login = (body: object) => t.http.post('/api/auth/login').send(body);

    expect((await login({ username: 'lucy', password: WRONG_PASSWORD })).status).toBe(401);
    expect((await login({ username: 'nobody-here', password: WRONG_PASSWORD })).status).toBe(401);
    const ok = await login({ username: 'lucy', password: PASSWORD });
    expect(ok.status).toBe(200);
    const token: string = ok.body.token;
    secrets.token = token;
    const auth = { Authorization: `Bearer ${token}` };

    const tampered = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    secrets.tampered = tampered;
    expect((await t.http.get('/api/cases').set('Authorization', `Bearer ${tampered}`)).status).toBe(401);
    expect((await t.http.get('/api/cases').set('Authorization', `Bearer ${token}!`)).status).toBe(401);
    // A malformed body carrying the password.
    const malformed = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send(`{"username":"lucy","password":"${PASSWORD}"`);
    expect(malformed.status).toBe(400);

    const setup = await t.http.post('/api/auth/two-factor/setup').set(auth);
    expect(setup.status).toBe(200);
    secrets.totpSecret = setup.body.secret;
    secrets.otpauthUri = setup.body.otpauthUri;
    const code = () => totp(base32Decode(setup.body.secret), t.clock.now().getTime());
    expect((await t.http.post('/api/auth/two-factor/confirm').set(auth).send({ code: code() })).status).toBe(200);
    t.clock.advance(30_000);
    expect((await login({ username: 'lucy', password: WRONG_PASSWORD, totp: code() })).status).toBe(401);
    expect((await login({ username: 'lucy', password: PASSWORD, totp: '000000' === code() ? '111111' : '000000' })).status).toBe(401);
    const second = await login({ username: 'lucy', password: PASSWORD, totp: code() });
    expect(second.status).toBe(200);
    secrets.secondToken = second.body.token;
    expect((await t.http.post('/api/auth/password').set(auth).send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(200);
    expect((await t.http.post('/api/auth/password').set(auth).send({ currentPassword: WRONG_PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(403);
    expect((await t.http.post('/api/auth/logout').set(auth)).status).toBe(204);

    // An unexpected error inside PostgreSQL whose failing row holds the answer: a check constraint
    // added as the schema owner (NUL characters, which used to do this, are refused before any query).
    const owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    await owner.query(`ALTER TABLE cases ADD CONSTRAINT leak_probe CHECK (strpos(display_name, 'Probe-' || '7731') = 0)`);
    const crash = await t.http
      .post('/api/cases')
      .set('Authorization', await t.login('caseworker'))
      .send({
        caseType: 'child_protection',
        answers: {
          first_name: SENSITIVE_ANSWER,
          last_name: SENSITIVE_ANSWER,
          sex: 'female',
          date_of_birth: '2016-06-01',
          consent_status: 'given',
          assent_status: 'given',
        },
      });
    await owner.query('ALTER TABLE cases DROP CONSTRAINT leak_probe');
    await owner.end();
    expect(crash.status).toBe(500);
    expect(crash.body.code).toBe('internal_error');

    const output = lines.join('\n');
    for (const [name, value] of Object.entries(secrets)) {
      expect({ name, leaked: output.includes(value) }).toEqual({ name, leaked: false });
    }
    expect(output).not.toContain(DEMO_PASSWORD);
    // The capture works: the 500 and its failing query were logged (without the answer).
    expect(output).toMatch(/query failed/);
    expect(output).toMatch(/parameters not logged/);
  });
});
