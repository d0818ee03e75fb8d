import type { Config } from 'jest';

// NestJS 12 is ESM-only: tests run as native ES modules, transformed by SWC with decorator metadata.
const swc: [string, Record<string, unknown>] = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];

// Some CommonJS dependencies (@fastify/static) require ESM-only packages. Node 20.19+ allows that at run time, but
// Jest's module loader only does on Node 24.9+, so in tests those few packages are compiled to CommonJS.
const ESM_ONLY_REQUIRED_FROM_CJS = ['content-disposition'];
const swcToCommonJs: [string, Record<string, unknown>] = ['@swc/jest', { module: { type: 'commonjs' } }];

const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': swc,
    [`/node_modules/(?:\\.pnpm/[^/]+/node_modules/)?(?:${ESM_ONLY_REQUIRED_FROM_CJS.join('|')})/.+\\.js$`]: swcToCommonJs,
  },
  transformIgnorePatterns: [`/node_modules/(?!(?:\\.pnpm/)?(?:${ESM_ONLY_REQUIRED_FROM_CJS.join('|')})[@/])`],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@crm/(permissions|api-client)$': '<rootDir>/libs/$1/src/index.ts',
  },
} satisfies Config;

const config: Config = {
  // Two workers even on two cores: test files wait on PostgreSQL and on timers (a reminder e2e waits a minute) as much
  // as they compute, and the per-file databases keep them apart.
  maxWorkers: 2,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/*/src/**/*.spec.ts', '<rootDir>/apps/api/src/**/*.spec.ts', '<rootDir>/apps/web/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'api',
      testMatch: ['<rootDir>/apps/api/src/**/*.test.ts', '<rootDir>/apps/api/test/**/*.test.ts'],
      slowTestThreshold: 15,
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/web/e2e/**/*.e2e.ts'],
      slowTestThreshold: 60,
    },
  ],
  // One PostgreSQL server for the whole run (API and browser tests); each test file clones its own database.
  globalSetup: '<rootDir>/apps/api/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/apps/api/test/support/global-teardown.ts',
};

export default config;
