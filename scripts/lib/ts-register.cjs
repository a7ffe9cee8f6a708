// Runs the TypeScript sources directly (no build): swc strips the types, as in Jest (.swcrc), and the
// `@app/*` aliases resolve to libs/*/src. Used as `node -r ./scripts/lib/ts-register.cjs <file>`.
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');
const tsconfigPaths = require('tsconfig-paths');

const root = path.join(__dirname, '..', '..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
const { compilerOptions } = require(path.join(root, 'tsconfig.json'));
tsconfigPaths.register({ baseUrl: root, paths: compilerOptions.paths, addMatchAll: false });
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcrc, swcrc: false, filename });
  module._compile(code, filename);
};
