import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DevMintOptions, Role } from '@carebus/auth';
import { TenantScope, type Transaction } from '@carebus/persistence';
import {
  freePort,
  newTopicSuffix,
  startTestService,
  type ServiceUnderTest,
  type TestService,
  requestJson,
  type ApiResponse,
} from '@carebus/testing';
import { AppModule } from '../src/app.module';
import { MIGRATIONS } from '../src/persistence/migrations';
import { loadServiceConfig, SERVICE, type SchedulingConfig } from '../src/service';

/**
 * A gRPC port, EHR import and patient access topics, consumer group and patient-identity ring of
 * the instance's own, not `npm start`'s (4001, ehrsync.appointment.v1, audit.patient_access.v1,
 * scheduling): tests pass while the backbone runs.
 */
export async function isolatedSchedulingEnv(): Promise<Record<string, string>> {
  const suffix = newTopicSuffix();
  return {
    GRPC_PORT: String(await freePort()),
    SCHEDULING_CONSUMER_GROUP: `scheduling-${suffix}`,
    SCHEDULING_EHR_APPOINTMENT_TOPIC: `test.${suffix}.ehrsync.appointment.v1`,
    AUDIT_PATIENT_ACCESS_TOPIC: `test.${suffix}.audit.patient_access.v1`,
    // A patient-identity ring of the instance's own, as messaging would share it.
    CAREBUS_PATIENT_IDENTITY_KEYS: `v1:${randomBytes(32).toString('base64')}`,
  };
}

/** The scheduling service as `startTestService` and the conformance tests run it. */
export const SCHEDULING_UNDER_TEST: ServiceUnderTest<SchedulingConfig> = {
  ...SERVICE,
  loadConfig: loadServiceConfig,
  appModule: (config) => AppModule.forRoot(config),
  database: { entities: [], migrations: MIGRATIONS },
  isolatedEnv: isolatedSchedulingEnv,
};

/** The scheduling service in-process over its own fresh database (see `startTestService`). */
export function startSchedulingService(env: NodeJS.ProcessEnv = {}): Promise<TestService> {
  // The EHR import and access log consumers have tests of their own; here they would only slow every start down.
  return startTestService(SCHEDULING_UNDER_TEST, {
    EHR_IMPORT_ENABLED: 'false',
    PATIENT_ACCESS_LOG_ENABLED: 'false',
    ...env,
  });
}

/**
 * Runs SQL as the database superuser, bypassing row-level security: for seeding and for checking
 * rows. (The schema owner no longer does: row-level security is forced on it too.)
 */
export async function asOwner<T>(svc: Pick<TestService, 'db'>, work: (db: Client) => Promise<T>): Promise<T> {
  const owner = new Client({ connectionString: svc.db.url() });
  await owner.connect();
  try {
    return await work(owner);
  } finally {
    await owner.end();
  }
}

/**
 * Runs `work` as the service's app role, in a transaction of its TenantScope with no tenant set
 * (switch with `tx.forTenant`), and rolls it back: for checking row-level security itself.
 */
export async function asAppRole<T>(svc: TestService, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const rollback = new Error('rolled back on purpose');
  let result: { value: T } | undefined;
  await svc.app
    .get(TenantScope)
    .withoutTenant(async (tx) => {
      result = { value: await work(tx) };
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return result!.value;
}

/** Inserts a clinic (a tenant) and returns its id. */
export async function seedClinic(svc: TestService, name = 'Test clinic'): Promise<string> {
  const id = randomUUID();
  await asOwner(svc, (db) =>
    db.query(`INSERT INTO scheduling.clinics (id, name) VALUES ($1, $2)`, [id, name]),
  );
  return id;
}

export interface TokenFor {
  roles?: Role[];
  patientId?: string;
  clientId?: string;
  /** Display name (claim `name`). */
  name?: string;
}

/** A dev-issuer access token acting for `clinicId`. */
export function tokenFor(
  svc: TestService,
  clinicId: string,
  { roles = ['clinic_admin'], patientId, clientId, name }: TokenFor = {},
  options: DevMintOptions = {},
): Promise<string> {
  return svc.issuer.mint(
    { sub: `user-${randomUUID()}`, clinicId, roles, patientId, clientId, name },
    options,
  );
}

export type { ApiResponse };

export function call<T = Record<string, unknown>>(
  svc: TestService,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<ApiResponse<T>> {
  return requestJson<T>(svc.url, method, path, token, body);
}

interface ListPage {
  items: { id: string }[];
  nextCursor: string | null;
}

/** Reads every page of a list endpoint with `limit`, returning the pages' item ids. */
export async function readAllPages(
  svc: TestService,
  path: string,
  token: string,
  limit: number,
): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const query: string = `${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res: ApiResponse<ListPage> = await call<ListPage>(svc, 'GET', path + query, token);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
    pages.push(res.body.items.map((item) => item.id));
    cursor = res.body.nextCursor;
  } while (cursor !== null && pages.length < 50);
  return pages;
}
