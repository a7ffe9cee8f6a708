// Resolves the monorepo's `@app/*` path aliases for compiled code in dist/ (tsc keeps the aliases).
// Used as `node -r ./scripts/register-paths.js dist/...`.
const path = require('path');
const tsconfigPaths = require('tsconfig-paths');
const { compilerOptions } = require('../tsconfig.json');
const paths = {};
for (const [alias, targets] of Object.entries(compilerOptions.paths)) {
  paths[alias] = targets.map((t) => t.replace(/^\.\//, ''));
}
tsconfigPaths.register({ baseUrl: path.join(__dirname, '..', 'dist'), paths, addMatchAll: false });
