// Two projects: `unit` (*.spec.ts, no outside parts) and `integration` (*.int.spec.ts, real
// Kafka + PostgreSQL, started once per run by libs/testing's global setup).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  // Workspace packages resolve to their TypeScript source: libs by default, and the tools that
  // tests use as fixtures (mail-sink, ehr-simulator, carebus-agent, portal-simulator). Keep in step with `paths` in tsconfig.json.
  moduleNameMapper: {
    '^@carebus/(mail-sink|ehr-simulator|carebus-agent|portal-simulator)$': '<rootDir>/tools/$1/src',
    '^@carebus/([a-z-]+)$': '<rootDir>/libs/$1/src',
  },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/', '<rootDir>/.carebus/'],
  rootDir: __dirname,
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services,tools,charts,deploy}/**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '/node_modules/', '/dist/'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services,tools,charts,deploy}/**/*.int.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
      slowTestThreshold: 30,
    },
  ],
  testTimeout: 60000,
};
