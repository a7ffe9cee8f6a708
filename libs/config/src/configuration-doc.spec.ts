import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationTable } from './config-table';
import { VARIABLES } from './variables';

const DOC = join(__dirname, '..', '..', '..', 'docs', 'configuration.md');

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
