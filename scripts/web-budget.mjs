// Prints the web app's bundle sizes (gzipped) and fails when what the first page loads exceeds the
// budget: the entry script, the chunks it imports statically and its CSS. Pages loaded later (the
// case page with the form renderer) are listed but not counted.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

// CMIS_WEB_BUDGET_KB lowers the budget (the tests check that going over it fails the build).
const BUDGET_KB = Number(process.env.CMIS_WEB_BUDGET_KB ?? 300);
const dir = process.env.CMIS_WEB_DIR ?? join(process.cwd(), 'dist/web');
const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8'));
const gz = (file) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length / 1024;

const first = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || first.has(chunk.file)) return;
  first.add(chunk.file);
  (chunk.css ?? []).forEach((c) => first.add(c));
  (chunk.imports ?? []).forEach(visit);
};
Object.entries(manifest)
  .filter(([, c]) => c.isEntry)
  .forEach(([k]) => visit(k));

const all = new Set(Object.values(manifest).flatMap((c) => [c.file, ...(c.css ?? [])]));
let total = 0;
const rows = [...all].map((file) => {
  const kb = gz(file);
  if (first.has(file)) total += kb;
  return `  ${first.has(file) ? 'first page' : 'on demand '}  ${kb.toFixed(1).padStart(7)} KB gz  ${file}`;
});
console.log(`Web bundle (gzipped):\n${rows.join('\n')}`);
console.log(`First page: ${total.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);
if (total > BUDGET_KB) {
  console.error(`The first page is over budget by ${(total - BUDGET_KB).toFixed(1)} KB.`);
  process.exit(1);
}
