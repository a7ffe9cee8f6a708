// Writes the files of the plugin tutorial in docs/plugins.md (each code block preceded by
// `<!-- file: path -->`) to those paths, so `npm test` typechecks and runs the tutorial exactly as
// written. The folders it writes are generated (see .gitignore).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const doc = readFileSync(join(root, 'docs/plugins.md'), 'utf8');
const block = /<!-- file: ([^\s]+) -->\r?\n```[a-z]*\r?\n([\s\S]*?)\r?\n```/g;
const written = [];
const folders = new Set();
for (const m of doc.matchAll(block)) {
  const rel = normalize(m[1]);
  if (!rel.startsWith('plugins/') || rel.includes('..')) throw new Error(`docs/plugins.md: tutorial file ${m[1]} must be under plugins/`);
  folders.add(rel.split('/').slice(0, 2).join('/'));
  written.push([rel, m[2] + '\n']);
}
if (written.length === 0) throw new Error('docs/plugins.md: no tutorial files found (<!-- file: ... --> before a code block)');
for (const f of folders) rmSync(join(root, f), { recursive: true, force: true });
for (const [rel, text] of written) {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}
console.log(`tutorial plugin: ${written.length} files written from docs/plugins.md (${[...folders].join(', ')})`);
