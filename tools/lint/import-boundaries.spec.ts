import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The import boundaries in eslint.config.mjs (docs/architecture.md, "Boundaries"): each rule
// fires on a small violating snippet, linted as a file at a path inside the repository, and
// stays quiet on the imports the boundaries allow. The fixture paths are files that do not
// exist, outside the legacy exception lists (checked: no boundary is turned off at any of them).

const repoRoot = join(__dirname, '..', '..');

interface Snippet {
  filePath: string;
  code: string;
}
interface Linted {
  messages: { ruleId: string | null; message: string }[];
  boundariesOff: string[];
}

/** ESLint's Node API in a child process (tools/lint/lint-snippets.mjs): jest cannot load an ES module config. */
function lintSnippets(snippets: Snippet[]): Linted[] {
  const run = spawnSync(process.execPath, [join(__dirname, 'lint-snippets.mjs')], {
    cwd: repoRoot,
    input: JSON.stringify(snippets),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`lint-snippets.mjs exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Linted[];
}

/** A snippet importing `name` from `source` and using it, so that only the import can be wrong. */
function importing(name: string, source: string, kind: 'value' | 'type' = 'value'): string {
  return kind === 'type'
    ? `import type { ${name} } from '${source}';\nexport type Used = ${name};\n`
    : `import { ${name} } from '${source}';\nexport const used = ${name};\n`;
}

const SERVICES = 'Services import libs only';
const SERVICE_TOOLS = 'Service code imports libs only, never a tool';
const LIBS = 'Libs never import a service or a tool';
const HANDLERS = 'Controllers and gRPC handlers';
const KAFKAJS = 'Only libs/kafka imports kafkajs';
const TESTING = 'Product code never imports @carebus/testing';
const OUT_OF_PACKAGE = 'A relative import that leaves its package';
const OUTSIDE_WORKSPACES = 'Files outside the workspaces';
const NOT_NORMALISED = 'Write relative imports without';

interface Violation extends Snippet {
  title: string;
  rule: string;
  boundary: string;
  source: string;
}

const violations: Violation[] = [
  {
    title: 'a service importing another service',
    rule: 'service-imports',
    boundary: SERVICES,
    filePath: 'services/scheduling/src/boundary-fixture/uses-notifications.ts',
    source: '@carebus/notifications',
    code: importing('AppModule', '@carebus/notifications'),
  },
  {
    title: "a service's spec importing a path inside another service",
    rule: 'service-imports',
    boundary: SERVICES,
    filePath: 'services/notifications/src/boundary-fixture/uses-scheduling.spec.ts',
    source: '@carebus/scheduling/dist/service',
    code: importing('SERVICE', '@carebus/scheduling/dist/service'),
  },
  {
    title: "a service's product code importing a tool",
    rule: 'service-imports',
    boundary: SERVICE_TOOLS,
    filePath: 'services/notifications/src/boundary-fixture/sink.ts',
    source: '@carebus/mail-sink',
    code: importing('SmtpSink', '@carebus/mail-sink'),
  },
  {
    title: 'a lib importing a service',
    rule: 'lib-imports',
    boundary: LIBS,
    filePath: 'libs/platform/src/boundary-fixture.ts',
    source: '@carebus/device-registry',
    code: importing('AppModule', '@carebus/device-registry'),
  },
  {
    title: 'a lib importing a tool',
    rule: 'lib-imports',
    boundary: LIBS,
    filePath: 'libs/auth/src/boundary-fixture.ts',
    source: '@carebus/dev-issuer',
    code: importing('DEFAULT_PORT', '@carebus/dev-issuer'),
  },
  {
    title: 'an HTTP controller importing typeorm',
    rule: 'handler-imports',
    boundary: HANDLERS,
    filePath: 'services/scheduling/src/boundary-fixture/boundary-fixture.controller.ts',
    source: 'typeorm',
    code: importing('DataSource', 'typeorm'),
  },
  {
    title: 'a gRPC controller importing typeorm types',
    rule: 'handler-imports',
    boundary: HANDLERS,
    filePath: 'services/scheduling/src/grpc/boundary-fixture.grpc-controller.ts',
    source: 'typeorm',
    code: importing('Repository', 'typeorm', 'type'),
  },
  {
    title: 'a file under grpc/ importing @nestjs/typeorm',
    rule: 'handler-imports',
    boundary: HANDLERS,
    filePath: 'services/scheduling/src/grpc/boundary-fixture-mapping.ts',
    source: '@nestjs/typeorm',
    code: importing('InjectDataSource', '@nestjs/typeorm'),
  },
  {
    title: 'a service importing kafkajs',
    rule: 'kafkajs-imports',
    boundary: KAFKAJS,
    filePath: 'services/notifications/src/boundary-fixture/consumer.ts',
    source: 'kafkajs',
    code: importing('Kafka', 'kafkajs'),
  },
  {
    title: "another lib's spec importing kafkajs",
    rule: 'kafkajs-imports',
    boundary: KAFKAJS,
    filePath: 'libs/outbox/src/boundary-fixture.spec.ts',
    source: 'kafkajs',
    code: importing('Kafka', 'kafkajs', 'type'),
  },
  {
    title: "a service's product code importing the test library",
    rule: 'testing-imports',
    boundary: TESTING,
    filePath: 'services/scheduling/src/boundary-fixture/seed.ts',
    source: '@carebus/testing',
    code: importing('createTestDatabase', '@carebus/testing'),
  },
  {
    title: "a helper under a lib's src/ importing the test library",
    rule: 'testing-imports',
    boundary: TESTING,
    filePath: 'libs/platform/src/testing/boundary-fixture.ts',
    source: '@carebus/testing',
    code: importing('waitFor', '@carebus/testing'),
  },
  {
    title: "a tool's product code importing the test library",
    rule: 'testing-imports',
    boundary: TESTING,
    filePath: 'tools/mail-sink/src/boundary-fixture.ts',
    source: '@carebus/testing',
    code: importing('freePort', '@carebus/testing'),
  },
  {
    title: "a service's spec reaching into a tool's source",
    rule: 'relative-imports',
    boundary: OUT_OF_PACKAGE,
    filePath: 'services/notifications/src/delivery/boundary-fixture.int.spec.ts',
    source: '../../../../tools/mail-sink/src/http-sink',
    code: importing('HttpSink', '../../../../tools/mail-sink/src/http-sink'),
  },
  {
    title: 'a service reaching into another service',
    rule: 'relative-imports',
    boundary: OUT_OF_PACKAGE,
    filePath: 'services/scheduling/src/boundary-fixture.ts',
    source: '../../notifications/src/service',
    code: importing('SERVICE', '../../notifications/src/service'),
  },
  {
    title: "a service's test helper reaching into another service's",
    rule: 'relative-imports',
    boundary: OUT_OF_PACKAGE,
    filePath: 'services/scheduling/test/boundary-fixture.ts',
    source: '../../notifications/test/manual-clock',
    code: importing('ManualClock', '../../notifications/test/manual-clock'),
  },
  {
    title: "a lib reaching into another lib's source",
    rule: 'relative-imports',
    boundary: OUT_OF_PACKAGE,
    filePath: 'libs/outbox/src/boundary-fixture/relay.ts',
    source: '../../../platform/src',
    code: importing('PlatformModule', '../../../platform/src'),
  },
  {
    title: 'a deploy script reaching into a lib',
    rule: 'relative-imports',
    boundary: OUTSIDE_WORKSPACES,
    filePath: 'deploy/boundary-fixture.ts',
    source: '../libs/config/src',
    code: importing('loadConfig', '../libs/config/src'),
  },
  {
    title: 'a relative import that hides its way out of the package behind a folder name',
    rule: 'relative-imports',
    boundary: NOT_NORMALISED,
    filePath: 'services/scheduling/src/boundary-fixture/hidden.ts',
    source: './x/../../../../notifications/src/service',
    code: importing('SERVICE', './x/../../../../notifications/src/service'),
  },
];

const allowed: (Snippet & { title: string })[] = [
  {
    title: 'a service importing a lib',
    filePath: 'services/scheduling/src/boundary-fixture/errors.ts',
    code: importing('DomainError', '@carebus/errors'),
  },
  {
    title: 'a lib importing another lib',
    filePath: 'libs/platform/src/boundary-fixture.ts',
    code: importing('loadConfig', '@carebus/config'),
  },
  {
    title: 'libs/kafka importing kafkajs',
    filePath: 'libs/kafka/src/boundary-fixture.ts',
    code: importing('Kafka', 'kafkajs'),
  },
  {
    title: 'the benchmarks importing kafkajs and the test library',
    filePath: 'benchmarks/src/boundary-fixture.ts',
    code: `${importing('Kafka', 'kafkajs')}${importing('freePort', '@carebus/testing').replace('used', 'port')}`,
  },
  {
    title: "a service's spec importing the test library and a tool",
    filePath: 'services/notifications/src/boundary-fixture/sink.int.spec.ts',
    code: `${importing('waitFor', '@carebus/testing')}${importing('SmtpSink', '@carebus/mail-sink').replace('used', 'sink')}`,
  },
  {
    title: "a service's test helper importing the test library, a tool and the service's source",
    filePath: 'services/notifications/test/boundary-fixture.ts',
    code: [
      importing('startTestService', '@carebus/testing'),
      importing('HttpSink', '@carebus/mail-sink').replace('used', 'sink'),
      importing('AppModule', '../src/app.module').replace('used', 'app'),
    ].join(''),
  },
  {
    title: 'a repository importing typeorm',
    filePath: 'services/scheduling/src/boundary-fixture/boundary-fixture.repository.ts',
    code: importing('DataSource', 'typeorm'),
  },
  {
    title: 'a controller importing a use case and the tenant helper by relative path',
    filePath: 'services/scheduling/src/boundary-fixture/boundary-fixture.controller.ts',
    code: `${importing('BookAppointmentUseCase', '../bookings/book-appointment.use-case')}${importing('tenantOf', '../shared/tenant').replace('used', 'tenant')}`,
  },
  {
    title: 'a gRPC spec importing typeorm',
    filePath: 'services/scheduling/src/grpc/boundary-fixture.int.spec.ts',
    code: importing('DataSource', 'typeorm'),
  },
  {
    title: "a spec importing its service's test helpers up to the package root",
    filePath: 'services/scheduling/src/bookings/boundary-fixture.int.spec.ts',
    code: importing('startSchedulingWith', '../../test/booking-fixture'),
  },
];

let results: Map<Snippet, Linted>;

beforeAll(() => {
  const snippets: Snippet[] = [...violations, ...allowed];
  const linted = lintSnippets(snippets.map(({ filePath, code }) => ({ filePath, code })));
  results = new Map(snippets.map((snippet, i) => [snippet, linted[i]!]));
});

describe('import boundaries in eslint.config.mjs', () => {
  it.each(violations)('$rule reports $title', (violation) => {
    const { messages, boundariesOff } = results.get(violation)!;
    expect(boundariesOff).toEqual([]);
    const reports = messages.filter((m) => m.ruleId === `import-boundaries/${violation.rule}`);
    expect(reports).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(`'${violation.source}' import is restricted`),
      }),
    ]);
    expect(reports[0]!.message).toContain(violation.boundary);
  });

  it.each(allowed)('allows $title', (snippet) => {
    const { messages, boundariesOff } = results.get(snippet)!;
    expect(boundariesOff).toEqual([]);
    expect(messages).toEqual([]);
  });

  it('has a violating snippet for every boundary', () => {
    expect(new Set(violations.map((v) => v.rule))).toEqual(
      new Set([
        'service-imports',
        'lib-imports',
        'handler-imports',
        'kafkajs-imports',
        'testing-imports',
        'relative-imports',
      ]),
    );
  });
});
