import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationTable } from './config-table';
import { VARIABLES } from './variables';

const ROOT = join(__dirname, '..', '..', '..');
const DOC = join(ROOT, 'docs', 'configuration.md');

/** Every file under scripts/ (shell and Node tooling), recursively. */
function scriptFiles(dir = join(ROOT, 'scripts')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? scriptFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('docs/configuration.md', () => {
  const doc = readFileSync(DOC, 'utf8');

  it('carries the table of the declared variables (refresh it with `npm run cmis -- config variables`)', () => {
    const table = /<!-- config-table:start -->\n([\s\S]*?)\n<!-- config-table:end -->/.exec(doc)?.[1];
    expect(table).toBe(configurationTable());
  });

  it('lists every declared variable', () => {
    for (const name of Object.keys(VARIABLES)) expect(doc).toContain(`| \`${name}\` |`);
  });
});

// The app warns about undeclared CMIS_ variables (typos): one the scripts read but the list lacks
// would be reported as a typo on every `npm start` that sets it, and be missing from the docs.
describe('variables the scripts read', () => {
  it('are all declared (scope scripts, or app when the Node processes read them too)', () => {
    const read = new Set(scriptFiles().flatMap((f) => readFileSync(f, 'utf8').match(/\bCMIS_[A-Z0-9_]*[A-Z0-9]\b/g) ?? []));
    expect([...read].filter((name) => !(name in VARIABLES)).sort()).toEqual([]);
  });
});
