import { VARIABLES, type VariableName } from './variables';
import type { VariableSpec } from './variable-types';

type AppVariables = { [K in VariableName as (typeof VARIABLES)[K]['scope'] extends 'scripts' ? never : K]: (typeof VARIABLES)[K] };
export type ConfigValues = {
  readonly [K in keyof AppVariables]: AppVariables[K] extends VariableSpec<infer T> ? T : never;
} & {
  /** CMIS_PUBLIC_URL, or `http://localhost:$PORT`, without a trailing slash. */
  readonly CMIS_PUBLIC_URL: string;
};

/** Holds the values as own read-only properties (a class, so Nest can inject it by type). */
const ConfigValuesBase = class {
  constructor(values: ConfigValues) {
    Object.assign(this, values);
    Object.freeze(this);
  }
} as new (values: ConfigValues) => ConfigValues;

/**
 * The parsed configuration: one typed, read-only value per variable, named as the variable is.
 * It is also the Nest injection token (ConfigModule provides it), so services ask for `AppConfig`.
 */
export class AppConfig extends ConfigValuesBase {
  /** DATABASE_URL, or a clear error where one is needed. */
  requireDatabaseUrl(): string {
    if (!this.DATABASE_URL) throw new Error('DATABASE_URL is not set. Use `npm start` (embedded PostgreSQL) or set DATABASE_URL.');
    return this.DATABASE_URL;
  }
}

/** Thrown by loadConfig: every bad variable, one per line, named, with what it expects. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (docs/configuration.md lists every variable):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and checks every declared variable of `env` at once (no side effects; call it when the
 * application starts, not at import, since tests set variables per suite). Blank counts as unset.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(VARIABLES) as Array<[string, VariableSpec<unknown>]>) {
    if (spec.scope !== 'app') continue;
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') {
      values[name] = spec.default;
      continue;
    }
    const parsed = spec.parse(raw);
    if (parsed.ok) values[name] = parsed.value;
    else problems.push(`${name}: ${spec.secret ? 'the value (not shown)' : JSON.stringify(raw)} is not ${spec.expected}`);
  }
  // A checkpoint nobody can check is no checkpoint: the directory needs the key that signs it.
  if (values.CMIS_AUDIT_CHECKPOINT_DIR && !values.CMIS_AUDIT_CHECKPOINT_KEY)
    problems.push('CMIS_AUDIT_CHECKPOINT_KEY: required when CMIS_AUDIT_CHECKPOINT_DIR is set');
  if (problems.length) throw new ConfigError(problems);
  values.CMIS_PUBLIC_URL = String(values.CMIS_PUBLIC_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, '');
  return new AppConfig(values as ConfigValues);
}

/**
 * Variables that look like ours (CMIS_…) but are not declared: most likely typos
 * (`CMIS_SMPT_URL`), reported as a warning at start-up.
 */
export function unknownVariables(env: Env = process.env): string[] {
  return Object.keys(env)
    .filter((k) => k.startsWith('CMIS_') && !(k in VARIABLES))
    .sort();
}

/** For entry points: the configuration, or the problems on stderr and exit code 1 (no stack trace). */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
