// Unit tests (*.spec.ts beside the code) and e2e suites (test/**/*.e2e-spec.ts) share one config.
// scripts/test.sh provides DATABASE_URL (a private, throw-away PostgreSQL cluster) for the e2e suites.
const fs = require('fs');
const swcrc = JSON.parse(fs.readFileSync(__dirname + '/.swcrc', 'utf8'));
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/libs/**/*.spec.ts',
    '<rootDir>/apps/**/*.spec.ts',
    '<rootDir>/test/unit/**/*.spec.ts',
    '<rootDir>/plugins/**/*.spec.ts',
    '<rootDir>/plugins/**/*.e2e-spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
    '<rootDir>/test/**/*.contract-spec.ts',
  ],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper: { '^@app/([a-z0-9-]+)$': '<rootDir>/libs/$1/src' },
  testTimeout: 60000,
};
