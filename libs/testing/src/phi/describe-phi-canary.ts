import { randomBytes } from 'node:crypto';
import type { DevIssuer } from '@carebus/auth';
import type { Kafka } from '@carebus/kafka';
import type { ServiceConfig } from '@carebus/platform';
import { testKafka } from '../test-kafka';
import type { TestDatabase } from '../test-database';
import type { ServiceUnderTest } from '../test-service';
import { waitFor } from '../wait-for';
import { newPatientCanaries, type PatientCanaries } from './canaries';
import { findCanaries, findCanariesInLines } from './canary-hits';
import { startCanaryProcess, type CanaryProcess } from './canary-process';
import { cutConnection, faultMidRequest, terminateBackend } from './database-faults';
import { checkKafkaRecords } from './kafka-canary-check';
import { KafkaRunRecords, type RunRecord } from './kafka-run-records';
import { OtlpReceiver } from './otlp-receiver';
import { readPatientDataFields } from './patient-data-fields';

/** What a service's canary journey works with. */
export interface CanaryRun {
  canaries: PatientCanaries;
  /** Base URL of the service process. */
  url: string;
  issuer: DevIssuer;
  db: TestDatabase;
  /** The process's environment: its own topics, groups and ports. */
  env: Readonly<Record<string, string>>;
  kafka: Kafka;
  /** Runs `request` while its statement waits on `table`, then terminates that PostgreSQL backend. */
  terminateBackendDuring<T>(table: string, request: () => Promise<T>): Promise<T>;
  /** Runs `request` while its statement waits on `table`, then cuts the service's database connections. */
  cutDatabaseDuring<T>(table: string, request: () => Promise<T>): Promise<T>;
  /** Everything the process wrote so far (to wait for a log line). */
  output(): string;
}

/** Outside parts a journey needs (a mail sink, …): variables for the process, and how to stop them. */
export interface CanaryParts {
  env?: Record<string, string>;
  stop?(): Promise<void>;
}

export interface PhiCanaryOptions<C extends ServiceConfig, P extends CanaryParts> {
  service: ServiceUnderTest<C>;
  parts?: () => Promise<P>;
  /**
   * Takes the canary patient through everything the service does with patient data, including a
   * failed statement, a terminated backend, a cut connection and a dead letter. It waits for the
   * service's asynchronous work (relay, consumers) to finish before it returns.
   */
  journey: (run: CanaryRun, parts: P) => Promise<void>;
  /**
   * False for a service whose events carry no patient data at all (ehr-sync's key vault): then no
   * canary may show on Kafka, in any field. By default the journey must put some on Kafka where
   * docs/events.md declares them, which proves the search read the run's records.
   */
  patientDataOnKafka?: boolean;
}

/**
 * The PHI canary test of a service: its built main.js runs as a process, exporting spans to an
 * in-test OTLP receiver; a canary patient goes through `journey`; then every line the process
 * wrote, every exported span and every Kafka record of the run is searched for the canaries.
 * Logs and spans: none. Kafka: only in fields docs/events.md declares as patient data, and never
 * the national id.
 */
export function describePhiCanary<C extends ServiceConfig, P extends CanaryParts = CanaryParts>(
  options: PhiCanaryOptions<C, P>,
): void {
  const { service } = options;

  describe(`${service.name}: a canary patient's data stays out of logs, spans and Kafka`, () => {
    const canaries = newPatientCanaries();
    const receiver = new OtlpReceiver();
    let parts: P | undefined;
    let svc: CanaryProcess | undefined;
    let records: RunRecord[] = [];

    beforeAll(async () => {
      await receiver.start();
      parts = (await options.parts?.()) ?? ({} as P);
      const kafka = testKafka();
      const run = await KafkaRunRecords.open(kafka);
      svc = await startCanaryProcess(service, parts.env ?? {}, receiver.endpoint);
      await options.journey(canaryRun(svc, canaries, kafka, `carebus_${service.schema}_app`), parts);
      await flushSpans(svc.child.url, receiver);
      await svc.child.stop();
      const runTopics = Object.entries(svc.env).flatMap(([name, value]) =>
        name.endsWith('_TOPIC') ? [value] : [],
      );
      records = await run.read(runTopics);
    }, 180_000);

    afterAll(async () => {
      await svc?.stop();
      await parts?.stop?.();
      await receiver.stop();
    });

    it('writes none of it to stdout or stderr, at debug level', () => {
      expect(svc!.child.output).toContain('"level"');
      expect(findCanariesInLines(svc!.child.output, canaries.all, 'output')).toEqual([]);
    });

    it('exports none of it in a span', () => {
      expect(receiver.spanCount()).toBeGreaterThan(0);
      const hits = receiver.exports.flatMap((e, i) =>
        findCanaries(e.body, canaries.all, `OTLP export ${i} ${e.path}`),
      );
      expect(hits).toEqual([]);
    });

    if (options.patientDataOnKafka === false) {
      it('publishes none of it on Kafka', () => {
        expect(records.length).toBeGreaterThan(0);
        const report = checkKafkaRecords(records, canaries.all, readPatientDataFields());
        expect([...report.declared, ...report.violations]).toEqual([]);
      });
      return;
    }

    it('publishes it only in the fields docs/events.md declares as patient data, and never the national id', () => {
      const report = checkKafkaRecords(records, canaries.all, readPatientDataFields());
      // The journey put canaries on Kafka where they belong: the search did read the run's records.
      expect(report.declared.length).toBeGreaterThan(0);
      expect(report.violations).toEqual([]);
    });
  });
}

function canaryRun(svc: CanaryProcess, canaries: PatientCanaries, kafka: Kafka, appRole: string): CanaryRun {
  return {
    canaries,
    url: svc.child.url,
    issuer: svc.issuer,
    db: svc.db,
    env: svc.env,
    kafka,
    terminateBackendDuring: (table, request) =>
      faultMidRequest(svc.db, appRole, table, request, terminateBackend),
    cutDatabaseDuring: (table, request) =>
      faultMidRequest(svc.db, appRole, table, request, cutConnection(svc.proxy)),
    output: () => svc.child.output,
  };
}

/**
 * Spans leave in batches; a last request with a trace id of its own is exported after every span
 * that ended before it, so once it has arrived the run's spans are all in.
 */
async function flushSpans(url: string, receiver: OtlpReceiver): Promise<void> {
  const traceId = randomBytes(16).toString('hex');
  await (
    await fetch(`${url}/v1/canary-flush`, {
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    })
  ).text();
  await waitFor(() => receiver.hasTrace(traceId), { what: 'the last span exported', timeoutMs: 15_000 });
}
