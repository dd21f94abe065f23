import fc from 'fast-check';
import type { Client } from '@grpc/grpc-js';
import type { TestService } from '../test-service';
import type { FuzzWorld } from './describe-http-fuzz';
import { fuzzReport, type FuzzFailure } from './fuzz-report';
import { fuzzSettings, FUZZ_SEED_ENV, operationSeed } from './fuzz-settings';
import { mintAuthorizations } from './fuzz-tokens';
import { describeGrpcCase, grpcCase } from './grpc-case';
import { grpcMethods } from './grpc-methods';
import { grpcClient, grpcVerdict, sendGrpcCase } from './grpc-send';
import { handlerAccess, type Access } from './handler-access';

export interface GrpcFuzzTarget {
  svc: TestService;
  /** `127.0.0.1:<port>` of the service's gRPC server. */
  address: string;
  seedWorld(): Promise<FuzzWorld>;
}

export interface GrpcFuzzOptions {
  protoFile: string;
  includeDirs: string[];
  /** Fully qualified, e.g. `carebus.scheduling.v1.SchedulingService`. */
  service: string;
  start: () => Promise<GrpcFuzzTarget>;
}

/**
 * The gRPC fuzz suite of a service: for every method of `service`, `runs` generated calls
 * (fast-check, seeded): field values of every kind, boundary timestamps and enums, bytes that are
 * not the message, odd metadata, tokens of allowed and refused roles. Every call must end in a
 * status a client can act on (`ACCEPTED_GRPC_STATUSES`), never INTERNAL or UNKNOWN.
 */
export function describeGrpcFuzz(options: GrpcFuzzOptions): void {
  const methods = grpcMethods(options.protoFile, options.includeDirs, options.service);
  const { seed, runs } = fuzzSettings();

  describe(`${options.service}: gRPC fuzz (${runs} calls per method, ${FUZZ_SEED_ENV}=${seed})`, () => {
    let target: GrpcFuzzTarget;
    let access: Map<string, Access>;
    let client: Client;

    beforeAll(async () => {
      target = await options.start();
      access = handlerAccess(target.svc.app);
      client = grpcClient(target.address);
    }, 60_000);

    afterAll(async () => {
      client?.close();
      await target?.svc.close();
    });

    it.each(methods.map((m) => [m.name, m] as const))('%s', async (_name, method) => {
      const world = await target.seedWorld();
      const authorization = await mintAuthorizations(target.svc.issuer, world);
      const cases = fc.sample(grpcCase(method, world.known, access.get(method.name) ?? 'public'), {
        seed: operationSeed(seed, method.name),
        numRuns: runs,
      });
      const failures: FuzzFailure[] = [];
      for (const [index, c] of cases.entries()) {
        const verdict = grpcVerdict(await sendGrpcCase(client, method, c, authorization(c.credential)));
        if (verdict) failures.push({ index, verdict, details: describeGrpcCase(method, c) });
      }
      if (failures.length) throw new Error(fuzzReport(method.name, failures, runs, seed));
    });
  });
}
