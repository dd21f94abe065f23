import { randomUUID } from 'node:crypto';
import { newClinicId, requestJson, type FuzzWorld, type TestService } from '@carebus/testing';
import { AgentGrpcServer } from '../src/agent-grpc/agent-grpc.server';
import { TestAgent } from './test-agent';

const agents: TestAgent[] = [];

export function closeFuzzAgents(): void {
  agents.splice(0).forEach((a) => a.close());
}

/**
 * A clinic with an enrolled, named clinic device service and a workstation service and one
 * queued payment, so fuzzed ids and bodies can reach real rows.
 */
export async function deviceRegistryFuzzWorld(svc: TestService): Promise<FuzzWorld> {
  const clinicId = newClinicId();
  const token = await svc.issuer.mint({ sub: 'fuzz-admin', clinicId, roles: ['clinic_admin'] });
  const address = `127.0.0.1:${svc.app.get(AgentGrpcServer).port}`;
  const enrol = async (kind: 'workstation' | 'clinic_device') => {
    const code = await requestJson<{ code: string }>(svc.url, 'POST', '/v1/enrolment-codes', token, { kind });
    if (code.status !== 201) throw new Error(`seeding a code answered ${code.status}`);
    const agent = new TestAgent(address, { kind: kind === 'workstation' ? 'workstation' : 'clinic-device' });
    agents.push(agent);
    await agent.enrol(code.body.code);
    return agent;
  };
  const terminal = await enrol('clinic_device');
  const workstation = await enrol('workstation');
  await requestJson(svc.url, 'PATCH', `/v1/devices/${terminal.deviceId}`, token, {
    name: 'Reception terminal',
  });
  const command = await requestJson<{ commandId: string }>(
    svc.url,
    'POST',
    `/v1/devices/${terminal.deviceId}/commands`,
    token,
    {
      kind: 'payment',
      idempotencyId: randomUUID(),
      payment: { amountMinor: 100, currency: 'NOK', reference: 'F-1' },
    },
  );
  if (command.status !== 202) throw new Error(`seeding a command answered ${command.status}`);
  return {
    clinicId,
    known: {
      ids: [clinicId, terminal.deviceId, workstation.deviceId, command.body.commandId],
      byName: {
        id: [terminal.deviceId, workstation.deviceId, command.body.commandId],
        computer: [workstation.deviceId],
        kind: ['workstation', 'clinic_device', 'payment', 'patient_lookup'],
        view: ['this_computer', 'other'],
        name: ['Treatment room 2'],
        idempotencyId: [randomUUID()],
        currency: ['NOK'],
      },
    },
  };
}
