/**
 * Jest projects:
 *   node   unit (services with fakes), functions (real SDK → local database), conformance (local database vs CloudBase
 *          semantics), local (the local runtime over HTTP)
 *   pages  pages of the built weapp under miniprogram-simulate (jsdom)
 *   e2e    the H5 build in real Chromium
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } }, module: { type: 'commonjs' } }];

module.exports = {
  // Suites that start runtimes or run hundreds of calls take seconds; on a busy 2-core machine jest's 5 s default
  // fails them for slowness, not for a fault. Speed goals are measured by the benchmarks, not by timeouts.
  testTimeout: 30_000,
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests'],
      testMatch: ['<rootDir>/tests/{unit,functions,conformance,local,weapp}/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      transformIgnorePatterns: ['/node_modules/', '/dist/'],
    },
    {
      displayName: 'pages',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/tests'],
      testMatch: ['<rootDir>/tests/pages/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      transformIgnorePatterns: ['/node_modules/', '/dist/'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests'],
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      transformIgnorePatterns: ['/node_modules/', '/dist/'],
    },
  ],
};
