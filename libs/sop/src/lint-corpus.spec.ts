/**
 * The lint corpus (test/fixtures/lint-corpus): broken packs, one defect each, described as changes
 * to a clean base pack. Each is written to a temporary directory and checked as `sop lint` does
 * (read, validate, then lint): the defect is found with its code at its file and JSON path, and no
 * error with another code is reported. The base pack, the reference pack's fixture and ngo-lite lint clean.
 */
import { promises as fs, readdirSync, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LINT_CODE_PARAMS, lintPack, PackInvalidError, PackIssue, readPackDir, validatePack } from '@app/sop';
import { FIXTURE_PACKS } from './testing';

const CORPUS = path.resolve(__dirname, '../../../test/fixtures/lint-corpus');
const BASE = path.join(CORPUS, 'base');

interface PatchOp {
  op: 'add' | 'replace' | 'remove' | 'write';
  file: string;
  path?: string;
  value?: unknown;
}
interface CorpusCase {
  name: string;
  description: string;
  expect: { code: string; file: string; path: string; severity?: 'error' | 'warning' };
  patch: PatchOp[];
}

const corpus: CorpusCase[] = readdirSync(CORPUS)
  .filter((f) => /^\d+-.*\.json$/.test(f))
  .sort()
  .map((f) => ({ name: f.replace(/\.json$/, ''), ...JSON.parse(readFileSync(path.join(CORPUS, f), 'utf8')) }));

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const name = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, name)));
    else out.push(name);
  }
  return out;
}

/** RFC 6902 add / replace / remove at a JSON pointer ("" = the whole document). */
function applyOp(doc: unknown, op: PatchOp): unknown {
  if (!op.path) return op.op === 'remove' ? undefined : op.value;
  const keys = op.path
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = keys.pop()!;
  let parent: any = doc;
  for (const k of keys) {
    parent = parent?.[Array.isArray(parent) ? Number(k) : k];
    if (parent === undefined) throw new Error(`patch path ${op.path} not found in ${op.file}`);
  }
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (op.op === 'add') parent.splice(i, 0, op.value);
    else if (op.op === 'replace') parent[i] = op.value;
    else parent.splice(i, 1);
  } else if (op.op === 'remove') {
    if (!(last in parent)) throw new Error(`patch path ${op.path} not found in ${op.file}`);
    delete parent[last];
  } else {
    if (op.op === 'replace' && !(last in parent)) throw new Error(`patch path ${op.path} not found in ${op.file}`);
    parent[last] = op.value;
  }
  return doc;
}

/** Copies base/ to a temporary directory and applies the patch there. */
async function writeBrokenPack(c: CorpusCase): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `lint-corpus-${c.name}-`));
  const docs = new Map<string, unknown>();
  for (const f of await listFiles(BASE)) {
    const text = await fs.readFile(path.join(BASE, f), 'utf8');
    docs.set(f, f.endsWith('.json') ? JSON.parse(text) : text);
  }
  const raw = new Map<string, string>();
  for (const op of c.patch) {
    if (op.op === 'write') raw.set(op.file, String(op.value));
    else docs.set(op.file, applyOp(docs.has(op.file) ? docs.get(op.file) : undefined, op));
  }
  for (const [f, content] of docs) {
    if (content === undefined) continue;
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.writeFile(path.join(dir, f), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  for (const [f, text] of raw) {
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.writeFile(path.join(dir, f), text);
  }
  return dir;
}

/** What `sop lint` reports for a pack directory: read and validation errors, or validation warnings plus lint. */
async function lintDir(dir: string): Promise<PackIssue[]> {
  let files;
  try {
    files = await readPackDir(dir);
  } catch (e) {
    if (e instanceof PackInvalidError) return e.issues;
    throw e;
  }
  const { pack, issues } = validatePack(files);
  return pack ? [...issues, ...lintPack(pack)] : issues;
}

const brief = (issues: PackIssue[]) => issues.map((i) => `${i.severity} ${i.code} ${i.file} ${i.path}: ${i.message}`);

describe('lint corpus', () => {
  it('has at least 40 broken packs with distinct names', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.map((c) => c.name.replace(/^\d+-/, ''))).size).toBe(corpus.length);
  });

  it.each([
    ['lint-corpus base', BASE],
    ['ngo-lite', path.join(FIXTURE_PACKS, 'ngo-lite')],
    ['mini', path.join(FIXTURE_PACKS, 'mini')],
  ])('%s lints clean (no error, no warning)', async (_name, dir) => {
    expect(brief(await lintDir(dir))).toEqual([]);
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = await writeBrokenPack(c);
    try {
      const issues = await lintDir(dir);
      // LINT_CORPUS_SHOW=1 prints what each broken pack gets, to read the messages.
      if (process.env.LINT_CORPUS_SHOW) process.stdout.write(`\n${c.name}\n  ${brief(issues).join('\n  ')}\n`);
      const severity = c.expect.severity ?? 'error';
      const found = issues.filter((i) => i.code === c.expect.code && i.severity === severity);
      expect(brief(found)).toContainEqual(expect.stringContaining(`${severity} ${c.expect.code} ${c.expect.file} ${c.expect.path}: `));
      // One defect: no error of another kind.
      expect(brief(issues.filter((i) => i.severity === 'error' && i.code !== c.expect.code))).toEqual([]);
      for (const i of found) expect(i.message.length).toBeGreaterThan(30);
      // Each lint finding names what its message names, for screens to word it in other languages.
      for (const i of issues.filter((x) => x.code in LINT_CODE_PARAMS)) {
        const names = LINT_CODE_PARAMS[i.code as keyof typeof LINT_CODE_PARAMS];
        expect([
          i.code,
          Object.keys(i.params ?? {})
            .filter((k) => (names as readonly string[]).includes(k))
            .sort(),
        ]).toEqual([i.code, [...names].sort()]);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
