import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as path from 'path';
import { PackIssue, pointerToJsonPath } from './pack-issue';

/**
 * The pack format's JSON Schemas ship in libs/sop/schemas. They are found at runtime by walking
 * up from this file (libs/sop/src in tests, dist/libs/sop/src when built) to the repository root.
 */
export function packSchemasDir(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'libs', 'sop', 'schemas');
    if (fs.existsSync(path.join(candidate, 'pack.schema.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the SOP pack schemas (libs/sop/schemas) above ${from}`);
    dir = parent;
  }
}

export const SCHEMA_BASE = 'https://cmis.dev/schemas/sop/';
export const SCHEMA_KINDS = [
  'pack',
  'workflow',
  'deadlines',
  'roles',
  'locations',
  'option-lists',
  'organisations',
  'demo-users',
  'demo-cases',
  'security',
  'notifications',
  'services',
  'reporting',
  'data-quality',
  'dhis2',
  'form',
  'plugin',
] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

let validators: Map<string, ValidateFunction> | null = null;

/** Compiled validators for each file kind (compiled once per process). */
export function packValidators(): Map<string, ValidateFunction> {
  if (validators) return validators;
  const dir = packSchemasDir();
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, verbose: true });
  // Pack files may use standard formats (a demo user's email); strict mode refuses unknown ones.
  addFormats(ajv);
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()) {
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
  }
  const map = new Map<string, ValidateFunction>();
  for (const kind of SCHEMA_KINDS) {
    const v = ajv.getSchema(`${SCHEMA_BASE}${kind}.schema.json`);
    if (!v) throw new Error(`SOP pack schema ${kind}.schema.json is missing from ${dir}`);
    map.set(kind, v);
  }
  // A plugin's fragment, checked once the including pack's settings are substituted.
  const fragment = ajv.getSchema(`${SCHEMA_BASE}plugin.schema.json#/$defs/fragment`);
  if (!fragment) throw new Error(`SOP pack schema plugin.schema.json lacks $defs/fragment (${dir})`);
  map.set('plugin-fragment', fragment);
  validators = map;
  return map;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text (a string)',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

function typeName(t: unknown): string {
  const list = Array.isArray(t) ? t : [t];
  return list.map((x) => TYPE_NAMES[String(x)] ?? String(x)).join(' or ');
}

/** Turns ajv errors into plain-language pack issues with JSONPaths. */
export function schemaIssues(file: string, errors: ErrorObject[] | null | undefined): PackIssue[] {
  if (!errors) return [];
  // A failed anyOf/oneOf is reported once, with its description; its branches' errors are noise.
  const unionPaths = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  const out: PackIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if ((e as any).propertyName !== undefined && e.keyword !== 'propertyNames') continue;
    const inUnion = [...unionPaths].some((p) => e.instancePath === p || e.instancePath.startsWith(p + '/'));
    if (inUnion && e.keyword !== 'anyOf' && e.keyword !== 'oneOf') continue;
    let pointer = e.instancePath;
    let message: string;
    const p: any = e.params;
    switch (e.keyword) {
      case 'required':
        pointer += '/' + p.missingProperty;
        message = 'is required';
        break;
      case 'additionalProperties':
        pointer += '/' + p.additionalProperty;
        {
          // Name what is allowed where the list is short (a duration's units: "weeks" → hours, days…).
          const known = Object.keys((e.parentSchema as any)?.properties ?? {});
          const allowed = known.length && known.length <= 6 ? `; allowed here: ${known.join(', ')}` : '';
          message = `unknown property "${p.additionalProperty}" (check the spelling; this property is not part of the format${allowed})`;
        }
        break;
      case 'type':
        message = `must be ${typeName(p.type)}`;
        break;
      case 'enum':
        message = `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'const':
        message = `must be ${JSON.stringify(p.allowedValue)}`;
        break;
      case 'anyOf':
      case 'oneOf': {
        const desc = (e.parentSchema as any)?.description;
        message = desc ? `must be ${desc}` : 'does not match any of the allowed forms';
        break;
      }
      case 'pattern': {
        const desc = (e.parentSchema as any)?.description;
        message = desc ? `must be ${desc}` : `"${String(e.data)}" does not have the expected format (${p.pattern})`;
        break;
      }
      case 'propertyNames':
        {
          const desc = (e.parentSchema as any)?.propertyNames?.description;
          message = `has an invalid key "${p.propertyName}"${desc ? ` (keys must be ${desc})` : ''}`;
        }
        break;
      case 'minItems':
        message = p.limit === 1 ? 'must not be empty' : `must have at least ${p.limit} entries`;
        break;
      case 'minProperties':
        message = p.limit === 1 ? 'must not be empty' : `must have at least ${p.limit} entries`;
        break;
      case 'minLength':
        message = p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters long`;
        break;
      case 'uniqueItems':
        message = `must not contain duplicates (entries ${p.j} and ${p.i} are the same)`;
        break;
      default:
        message = e.message ?? `fails the "${e.keyword}" check`;
    }
    const issue: PackIssue = { file, path: pointerToJsonPath(pointer), message, code: 'schema', severity: 'error' };
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}
