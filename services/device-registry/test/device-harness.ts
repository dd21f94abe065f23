import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Role } from '@carebus/auth';
import { requestJson, startTestService, type ApiResponse, type TestService } from '@carebus/testing';
import { AgentGrpcServer } from '../src/agent-grpc/agent-grpc.server';
import { DEVICE_REGISTRY_UNDER_TEST } from './device-registry-under-test';
import { TestAgent, type AgentOptions } from './test-agent';

export interface DeviceHarness {
  svc: TestService;
  /** A superuser connection to the test database (sees past row-level security). */
  sql: Client;
  grpcAddress: string;
  token(clinicId: string, roles?: Role[], sub?: string): Promise<string>;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse<T>>;
  /** A new enrolment code of the clinic, made by `admin`. */
  code(admin: string, kind: 'workstation' | 'clinic_device', ttlSeconds?: number): Promise<string>;
  /** An agent enrolled with a fresh code (closed by `close`). */
  agent(admin: string, options: AgentOptions): Promise<TestAgent>;
  close(): Promise<void>;
}

export async function startDeviceHarness(env: Record<string, string> = {}): Promise<DeviceHarness> {
  const svc = await startTestService(DEVICE_REGISTRY_UNDER_TEST, env);
  const sql = new Client({ connectionString: svc.db.url() });
  await sql.connect();
  const grpcAddress = `127.0.0.1:${svc.app.get(AgentGrpcServer).port}`;
  const agents: TestAgent[] = [];
  const call: DeviceHarness['call'] = async <T>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (Object.keys(headers).length === 0) return requestJson<T>(svc.url, method, path, token, body);
    const res = await fetch(`${svc.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: (text === '' ? {} : JSON.parse(text)) as T,
    };
  };
  const code: DeviceHarness['code'] = async (admin, kind, ttlSeconds) => {
    const r = await call<{ code: string }>('POST', '/v1/enrolment-codes', admin, {
      kind,
      ...(ttlSeconds ? { ttlSeconds } : {}),
    });
    if (r.status !== 201) throw new Error(`enrolment code: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.code;
  };
  return {
    svc,
    sql,
    grpcAddress,
    token: (clinicId, roles = ['clinic_admin'], sub = `user-${randomBytes(4).toString('hex')}`) =>
      svc.issuer.mint({ sub, roles, clinicId }),
    call,
    code,
    agent: async (admin, options) => {
      const agent = new TestAgent(grpcAddress, options);
      agents.push(agent);
      await agent.enrol(await code(admin, options.kind === 'workstation' ? 'workstation' : 'clinic_device'));
      return agent;
    },
    close: async () => {
      agents.forEach((a) => a.close());
      await sql.end();
      await svc.close();
    },
  };
}
