import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { repoRoot } from '../repo-root';
import type { TestService } from '../test-service';
import { fuzzReport, type FuzzFailure } from './fuzz-report';
import { fuzzSettings, FUZZ_SEED_ENV, operationSeed } from './fuzz-settings';
import { mintAuthorizations, type TokenSubject } from './fuzz-tokens';
import { handlerAccess, type Access } from './handler-access';
import { describeHttpCase, httpCase } from './http-case';
import { httpVerdict, traitsOf } from './http-oracle';
import { sendHttpCase } from './http-send';
import { operationsOf, type Operation } from './openapi-operations';
import type { KnownValues } from './schema-values';

/** Rows a fuzzed operation can find: a fresh clinic per operation, so one's DELETEs never starve the next. */
export interface FuzzWorld extends TokenSubject {
  known: KnownValues;
}

export interface FuzzTarget {
  svc: TestService;
  seedWorld(): Promise<FuzzWorld>;
}

/**
 * The HTTP fuzz suite of a service: for every operation of its checked-in OpenAPI document
 * (services/<name>/openapi.json, kept equal to the served one by the conformance suite), `runs`
 * generated requests (fast-check, seeded) with tokens of the roles the operation allows and of
 * others; none may get a 5xx, every 4xx is problem+json with a `code`, and cases of a known kind
 * get their status (see `httpVerdict`).
 */
export function describeHttpFuzz(serviceName: string, start: () => Promise<FuzzTarget>): void {
  const doc = JSON.parse(readFileSync(join(repoRoot(), 'services', serviceName, 'openapi.json'), 'utf8'));
  const operations = operationsOf(doc);
  const { seed, runs } = fuzzSettings();

  describe(`${serviceName}: HTTP fuzz (${runs} cases per operation, ${FUZZ_SEED_ENV}=${seed})`, () => {
    let target: FuzzTarget;
    let access: Map<string, Access>;

    beforeAll(async () => {
      target = await start();
      access = handlerAccess(target.svc.app);
    }, 60_000);

    afterAll(async () => {
      await target?.svc.close();
    });

    it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))(
      '%s',
      async (_name, op: Operation) => {
        const world = await target.seedWorld();
        const authorization = await mintAuthorizations(target.svc.issuer, world);
        const cases = fc.sample(httpCase(op, world.known, access.get(op.id) ?? 'public'), {
          seed: operationSeed(seed, op.id),
          numRuns: runs,
        });
        const failures: FuzzFailure[] = [];
        for (const [index, c] of cases.entries()) {
          const request = describeHttpCase(c);
          try {
            const answer = await sendHttpCase(target.svc.url, c, authorization(c.credential));
            const verdict = httpVerdict(traitsOf(op, c), answer);
            const answered = `→ ${answer.status} ${answer.contentType} ${answer.body.slice(0, 300)}`;
            if (verdict) failures.push({ index, verdict, details: `${request}\n${answered}` });
          } catch (error) {
            failures.push({ index, verdict: `got no answer: ${(error as Error).message}`, details: request });
          }
        }
        if (failures.length) throw new Error(fuzzReport(op.id, failures, runs, seed));
      },
    );
  });
}
