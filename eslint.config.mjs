import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

// ---------------------------------------------------------------------------------------------
// Import boundaries (docs/architecture.md, "Boundaries"); tools/lint/import-boundaries.spec.ts
// checks that each one fires.
//
// Every boundary is ESLint's own no-restricted-imports rule, registered once per boundary under
// its own name (`import-boundaries/<boundary>`): flat config replaces a rule's options, never
// merges them, when two blocks that match one file both set it, so the boundaries (which
// overlap: a controller is also service product code) would otherwise clobber each other. With
// one rule per boundary each block stays independent, a report names the boundary it breaks,
// and an exception turns off exactly one boundary for exactly the files listed.
// It checks `import … from`, `export … from` and `import x = require()`, not require() calls
// or import() expressions (product TypeScript may not use require(): no-require-imports).
// ---------------------------------------------------------------------------------------------

const repoRoot = import.meta.dirname;

/** Package names of the workspaces directly under `folder` (those with a package.json). */
function workspacePackages(folder) {
  return readdirSync(join(repoRoot, folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(repoRoot, folder, entry.name, 'package.json')))
    .map((entry) => JSON.parse(readFileSync(join(repoRoot, folder, entry.name, 'package.json'), 'utf8')).name)
    .sort();
}

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A regex source matching an import of one of `names` or of a path inside it. */
const packageImport = (names) => `^(${names.map(escapeRegex).join('|')})(/|$)`;

const SERVICE_PACKAGES = workspacePackages('services'); // @carebus/scheduling, @carebus/notifications, …
const TOOL_PACKAGES = workspacePackages('tools'); // @carebus/mail-sink, @carebus/carebus-cli, …

const BOUNDARIES = [
  'service-imports',
  'lib-imports',
  'handler-imports',
  'kafkajs-imports',
  'testing-imports',
  'relative-imports',
];
const noRestrictedImports = builtinRules.get('no-restricted-imports');
const importBoundaries = {
  meta: { name: 'import-boundaries' },
  rules: Object.fromEntries(BOUNDARIES.map((name) => [name, noRestrictedImports])),
};

/** A boundary's rule entry: imports matching any of `patterns` ({ regex, message }) are errors. */
const restrict = (...patterns) => [
  'error',
  { patterns: patterns.map(({ regex, message }) => ({ regex, message, caseSensitive: true })) },
];

const SPECS = ['**/*.spec.ts'];
// Product code: a package's src/ except its specs. Test helpers live beside src/ in the
// package's test/ folder (services/<name>/test/), which is not product code; libs/testing is
// the test library itself.
const PRODUCT_CODE = { files: ['{libs,services,tools}/*/src/**'], ignores: [...SPECS, 'libs/testing/**'] };

const ANOTHER_SERVICE = {
  regex: packageImport(SERVICE_PACKAGES),
  message:
    'Services import libs only, never a service (not even their own by package name). ' +
    'Move the shared code into a lib under libs/, or talk to the other service through its events or API.',
};
const TOOL_FROM_SERVICE = {
  regex: packageImport(TOOL_PACKAGES),
  message:
    "Service code imports libs only, never a tool (tools/*); only a service's tests may use a tool as a fixture. " +
    'Move the shared code into a lib under libs/.',
};

// Relative imports that leave their package. A workspace package is libs/<name>, services/<name>,
// tools/<name> or benchmarks; a file `depth` folders below its package root leaves it with
// depth + 1 `..` segments. Files outside the workspaces (charts/, deploy/, root) may not reach
// into one. One block per depth, up to MAX_DEPTH folders deep.
const MAX_DEPTH = 12;
const WORKSPACE_FOLDERS = '(libs|services|tools|benchmarks)';
const SOURCE_FILES = '*.{ts,mts,cts,js,mjs,cjs}';
const NOT_NORMALISED = {
  // `./..`, `./.`, or a `.`/`..` segment after a folder name: write `../x`, not `./a/../../x`.
  regex: String.raw`^\./\.\.?(/|$)|(^|/)(?!\.\.?(/|$))[^/]+/\.\.?(/|$)`,
  message:
    "Write relative imports without './' before '..' and without '.' or '..' after a folder name " +
    "(e.g. '../x', not './a/../../x'), so lint can tell whether they leave the package.",
};
const OUT_OF_PACKAGE =
  'A relative import that leaves its package (libs/*, services/*, tools/*, benchmarks) reaches into ' +
  "another package's files. Import that package by its @carebus/* name instead, where the " +
  'boundaries allow it (services and libs import libs only), or move the code into a lib.';
function relativeImportBlocks() {
  const blocks = [];
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const below = '*/'.repeat(depth);
    blocks.push({
      files: [`{libs,services,tools}/*/${below}${SOURCE_FILES}`, `benchmarks/${below}${SOURCE_FILES}`],
      rules: {
        'import-boundaries/relative-imports': restrict(NOT_NORMALISED, {
          regex: String.raw`^(\./)?(\.\./){${depth}}\.\.(/|$)`,
          message: OUT_OF_PACKAGE,
        }),
      },
    });
    blocks.push({
      files: [`${below}${SOURCE_FILES}`],
      ignores: ['libs/**', 'services/**', 'tools/**', 'benchmarks/**'],
      rules: {
        'import-boundaries/relative-imports': restrict(NOT_NORMALISED, {
          regex: String.raw`^(\./)?(\.\./){${depth}}${WORKSPACE_FOLDERS}(/|$)`,
          message:
            "Files outside the workspaces (charts/, deploy/, the root) never import a workspace package's " +
            'files by relative path. Import the package by its @carebus/* name instead.',
        }),
      },
    });
  }
  return blocks;
}

const boundaries = [
  { plugins: { 'import-boundaries': importBoundaries } },

  // 1. Services import libs only: never a service package. Their product code never a tool either.
  { files: ['services/**'], rules: { 'import-boundaries/service-imports': restrict(ANOTHER_SERVICE) } },
  {
    ...PRODUCT_CODE,
    files: ['services/*/src/**'],
    rules: { 'import-boundaries/service-imports': restrict(ANOTHER_SERVICE, TOOL_FROM_SERVICE) },
  },

  // 2. Libs never import a service or a tool.
  {
    files: ['libs/**'],
    rules: {
      'import-boundaries/lib-imports': restrict({
        regex: packageImport([...SERVICE_PACKAGES, ...TOOL_PACKAGES]),
        message:
          'Libs never import a service or a tool: a lib is shared by every service and cannot depend on one. ' +
          'Move the code the lib needs into a lib, or have the service pass it in.',
      }),
    },
  },

  // 3. Controllers and gRPC handlers never import TypeORM.
  {
    files: ['**/*.controller.ts', '**/*.grpc-controller.ts', '**/grpc/**/*.ts'],
    ignores: SPECS,
    rules: {
      'import-boundaries/handler-imports': restrict({
        regex: packageImport(['typeorm', '@nestjs/typeorm']),
        message:
          'Controllers and gRPC handlers (*.controller.ts, *.grpc-controller.ts, grpc/) never import typeorm: ' +
          'they map the call onto a use case. Put the query in a repository or use case and inject that.',
      }),
    },
  },

  // 4. Only libs/kafka (and the benchmarks) import kafkajs.
  {
    ignores: ['libs/kafka/**', 'benchmarks/**'],
    rules: {
      'import-boundaries/kafkajs-imports': restrict({
        regex: packageImport(['kafkajs']),
        message:
          'Only libs/kafka imports kafkajs (and benchmarks/). Use the producer, consumer and admin API of ' +
          '@carebus/kafka instead, or add what is missing there.',
      }),
    },
  },

  // 5. Product code never imports the test library.
  {
    ...PRODUCT_CODE,
    rules: {
      'import-boundaries/testing-imports': restrict({
        regex: packageImport(['@carebus/testing']),
        message:
          'Product code never imports @carebus/testing; only specs (*.spec.ts) and test helpers do. ' +
          "Move a test helper to the package's test/ folder (e.g. services/<name>/test/).",
      }),
    },
  },

  // 6. No file reaches into another package by relative path.
  ...relativeImportBlocks(),
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.carebus/**',
      '.nx/**',
      'coverage/**',
      'libs/contracts/src/gen/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.spec.ts', 'tools/**', 'benchmarks/**', 'deploy/**', '**/*.cjs', '**/*.mjs', '**/*.js'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  ...boundaries,
);
