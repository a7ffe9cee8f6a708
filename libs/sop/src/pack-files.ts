import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { parseJsonText } from './json-text';
import { PackInvalidError, PackIssue } from './pack-issue';

/**
 * The raw files of a pack, keyed by normalised relative name: `pack.json`, `workflow.json`, ...,
 * `forms/<id>.v<version>.json` (always with the `forms/` prefix, wherever formsDir points), all parsed
 * JSON, and `templates/<id>/<locale>.<part>.hbs`, text. This is what is stored when a version is published.
 */
export type PackFiles = Record<string, unknown>;

/** The pack's top-level files, the schema each is validated with, and whether it must exist. */
export const PACK_FILES: ReadonlyArray<{ file: string; schema: string; required: boolean }> = [
  { file: 'pack.json', schema: 'pack', required: true },
  { file: 'workflow.json', schema: 'workflow', required: true },
  { file: 'roles.json', schema: 'roles', required: true },
  { file: 'locations.json', schema: 'locations', required: true },
  { file: 'deadlines.json', schema: 'deadlines', required: false },
  { file: 'option-lists.json', schema: 'option-lists', required: false },
  { file: 'organisations.json', schema: 'organisations', required: false },
  { file: 'demo-users.json', schema: 'demo-users', required: false },
  { file: 'demo-cases.json', schema: 'demo-cases', required: false },
  { file: 'security.json', schema: 'security', required: false },
  { file: 'services.json', schema: 'services', required: false },
  { file: 'notifications.json', schema: 'notifications', required: false },
  { file: 'reporting.json', schema: 'reporting', required: false },
  { file: 'data-quality.json', schema: 'data-quality', required: false },
  { file: 'dhis2.json', schema: 'dhis2', required: false },
];

/** Message template sources live under this folder of the pack directory. */
export const TEMPLATES_DIR = 'templates';

/** `forms/<id>.v<version>.json` */
export function formFileName(id: string, version: number): string {
  return `forms/${id}.v${version}.json`;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/** Where the pack's form files live: pack.json `formsDir`, else `forms` if present, else `../../forms`. */
export async function resolveFormsDir(dir: string, manifest: unknown): Promise<string> {
  const declared = (manifest as any)?.formsDir;
  if (typeof declared === 'string' && declared) return path.resolve(dir, declared);
  const local = path.join(dir, 'forms');
  if (await exists(local)) return local;
  return path.resolve(dir, '../../forms');
}

/**
 * Reads a pack directory into a files map. Missing files are simply absent (validatePack reports
 * them); malformed JSON throws PackInvalidError naming each file, line, column and reason.
 * Only the forms listed in pack.json `forms` are read.
 */
export async function readPackDir(dir: string): Promise<PackFiles> {
  const root = path.resolve(dir);
  const stat = await fs.stat(root).catch(() => null);
  if (!stat || !stat.isDirectory()) {
    throw new PackInvalidError([{ file: root, path: '$', message: `pack directory not found: ${root}`, code: 'pack_dir_not_found', severity: 'error' }]);
  }
  const files: PackFiles = {};
  const issues: PackIssue[] = [];
  const readOne = async (abs: string, name: string): Promise<void> => {
    let text: string;
    try {
      text = await fs.readFile(abs, 'utf8');
    } catch (e: any) {
      if (e?.code === 'ENOENT') return;
      issues.push({ file: name, path: '$', message: `cannot read file: ${e?.message ?? e}`, code: 'read_failed', severity: 'error' });
      return;
    }
    const parsed = parseJsonText(text);
    if (parsed.ok) files[name] = parsed.value;
    else {
      issues.push({
        file: name,
        path: '$',
        message: `malformed JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.reason}`,
        code: 'malformed_json',
        severity: 'error',
      });
    }
  };
  await Promise.all(PACK_FILES.map((f) => readOne(path.join(root, f.file), f.file)));
  const manifest = files['pack.json'] as any;
  if (manifest && Array.isArray(manifest.forms)) {
    const formsDir = await resolveFormsDir(root, manifest);
    await Promise.all(
      manifest.forms
        .filter((f: any) => f && typeof f.id === 'string' && Number.isInteger(f.version) && /^[A-Za-z0-9_.-]+$/.test(f.id))
        .map((f: any) => readOne(path.join(formsDir, `${f.id}.v${f.version}.json`), formFileName(f.id, f.version))),
    );
  }
  await readTemplateFiles(root, files, issues);
  if (issues.length > 0) throw new PackInvalidError(issues);
  const ordered: PackFiles = {};
  for (const k of Object.keys(files).sort()) ordered[k] = files[k];
  return ordered;
}

/**
 * Every file under templates/, as text keyed by its relative path with forward slashes; validatePack
 * reports names that are not `templates/<id>/<locale>.<subject|text|html>.hbs`. Hidden files (editor
 * swap files, .DS_Store) are skipped.
 */
async function readTemplateFiles(root: string, files: PackFiles, issues: PackIssue[]): Promise<void> {
  const walk = async (rel: string): Promise<void> => {
    const entries = await fs.readdir(path.join(root, rel), { withFileTypes: true }).catch((e: any) => {
      if (e?.code !== 'ENOENT' && e?.code !== 'ENOTDIR') {
        issues.push({ file: rel, path: '$', message: `cannot read folder: ${e?.message ?? e}`, code: 'read_failed', severity: 'error' });
      }
      return [];
    });
    await Promise.all(
      entries
        .filter((e) => !e.name.startsWith('.'))
        .map(async (e) => {
          const name = `${rel}/${e.name}`;
          if (e.isDirectory()) return walk(name);
          try {
            // One form of line ending and no BOM, so the same template hashes the same on every system.
            files[name] = (await fs.readFile(path.join(root, name), 'utf8')).replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
          } catch (err: any) {
            issues.push({ file: name, path: '$', message: `cannot read file: ${err?.message ?? err}`, code: 'read_failed', severity: 'error' });
          }
        }),
    );
  };
  await walk(TEMPLATES_DIR);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as any)[k]);
    return out;
  }
  return value;
}

/** JSON with object keys sorted at every level (stable regardless of key order in the files). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** sha256 (hex) of the canonical JSON of the files map: identical content gives the same hash. */
export function hashPackFiles(files: PackFiles): string {
  return createHash('sha256').update(canonicalJson(files)).digest('hex');
}

/** `plugins/<id>.json` */
export function pluginFileName(id: string): string {
  return `plugins/${id}.json`;
}
