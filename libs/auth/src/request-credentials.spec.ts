import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { Principal } from './principal';
import { attachedPrincipal, requestCredentials } from './request-credentials';

const principal: Principal = { subject: 's', clinicId: null, roles: ['operator'], scopes: [] };

/** The shape of @grpc/grpc-js Metadata that matters here. */
class FakeMetadata {
  constructor(private readonly values: Record<string, string[]>) {}
  get(key: string): string[] {
    return this.values[key] ?? [];
  }
  getMap(): Record<string, string> {
    return {};
  }
}

function rpcContext(rpcArgs: unknown[]): ExecutionContextHost {
  const context = new ExecutionContextHost(rpcArgs);
  context.setType('rpc');
  return context;
}

describe('requestCredentials', () => {
  it('reads the Authorization header of an HTTP request and attaches the principal to it', () => {
    const request: { headers: Record<string, string>; principal?: Principal } = {
      headers: { authorization: 'Bearer abc' },
    };
    const context = new ExecutionContextHost([request, {}]);
    context.setType('http');
    const credentials = requestCredentials(context);
    expect(credentials?.authorization).toBe('Bearer abc');
    credentials?.attach(principal);
    expect(request.principal).toBe(principal);
    expect(attachedPrincipal(context)).toBe(principal);
  });

  it('reads the authorization metadata of a gRPC call', () => {
    const context = rpcContext([{}, new FakeMetadata({ authorization: ['Bearer xyz'] }), {}]);
    const credentials = requestCredentials(context);
    expect(credentials?.authorization).toBe('Bearer xyz');
    credentials?.attach(principal);
    expect(attachedPrincipal(context)).toBe(principal);
  });

  it('steps aside for broker-delivered messages such as Kafka', () => {
    const kafkaContext = { getTopic: () => 'clinic.events', getMessage: () => ({}) };
    expect(requestCredentials(rpcContext([{}, kafkaContext]))).toBeNull();
  });

  it('offers no credentials on other transports, so only @Public() handlers run', () => {
    const context = new ExecutionContextHost([{}, {}]);
    context.setType('ws');
    expect(requestCredentials(context)?.authorization).toBeUndefined();
  });
});
