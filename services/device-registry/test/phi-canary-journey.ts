import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { newClinicId, requestJson, waitFor, type CanaryRun } from '@carebus/testing';
import { TestAgent } from './test-agent';

/**
 * The device registry's part of the PHI canary test: a practitioner sends a patient lookup with
 * the canary's national id to the workstation of their computer, the agent answers with the
 * canary's journal record and free text, the practitioner reads it; staff, another practitioner,
 * another clinic and malformed bodies carrying the canary are refused. No answer but the
 * practitioner's own read, no log, span or event may show it.
 */
export async function deviceRegistryCanaryJourney(run: CanaryRun): Promise<void> {
  const { canaries } = run;
  const clinicId = newClinicId();
  const admin = await run.issuer.mint({ sub: `admin-${randomUUID()}`, clinicId, roles: ['clinic_admin'] });
  const doctor = await run.issuer.mint({ sub: `dr-${randomUUID()}`, clinicId, roles: ['practitioner'] });
  const staff = await run.issuer.mint({ sub: `staff-${randomUUID()}`, clinicId, roles: ['staff'] });
  const intruder = await run.issuer.mint({
    sub: `x-${randomUUID()}`,
    clinicId: newClinicId(),
    roles: ['practitioner'],
  });
  const expectStatus = async (status: number, answer: Promise<{ status: number; body: unknown }>) => {
    const a = await answer;
    if (a.status !== status)
      throw new Error(`expected ${status}, got ${a.status}: ${JSON.stringify(a.body)}`);
    return a.body as Record<string, unknown>;
  };

  const code = await expectStatus(
    201,
    requestJson(run.url, 'POST', '/v1/enrolment-codes', admin, { kind: 'workstation' }),
  );
  const agent = new TestAgent(`127.0.0.1:${run.env.GRPC_PORT}`, { kind: 'workstation' });
  try {
    await agent.enrol(code.code as string);
    await agent.heartbeat([{ name: 'journal', state: 'COMPONENT_STATE_READY' }]);
    const proof = await agent.token('carebus-computer-proof', 30);
    const path = `/v1/devices/${agent.deviceId}/commands`;
    const body = {
      kind: 'patient_lookup',
      idempotencyId: randomUUID(),
      patientLookup: { patientId: randomUUID(), nationalId: canaries.nationalId },
    };
    const send = async (token: string, b: unknown, withProof = true) => {
      const res = await fetch(`${run.url}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(withProof ? { 'carebus-computer': proof } : {}),
        },
        body: typeof b === 'string' ? b : JSON.stringify(b),
      });
      return { status: res.status, body: await res.json() };
    };
    await expectStatus(403, send(staff, body));
    await expectStatus(403, send(doctor, body, false));
    await expectStatus(401, send(intruder, body));
    await expectStatus(
      400,
      send(doctor, { ...body, patientLookup: { patientId: canaries.name, nationalId: canaries.nationalId } }),
    );
    await expectStatus(
      400,
      send(doctor, `{"kind":"patient_lookup","patientLookup":{"nationalId":"${canaries.nationalId}"`),
    );
    const sent = await expectStatus(202, send(doctor, body));

    const stream = await agent.openStream();
    const received: { commandId: string; idempotencyId: string }[] = [];
    stream.on('data', (m: { command: { commandId: string; idempotencyId: string } }) =>
      received.push(m.command),
    );
    stream.on('error', () => undefined);
    await waitFor(() => received.length === 1, { what: 'the lookup on the stream' });
    const c = received[0]!;
    await agent.acknowledge(c.commandId);
    await agent.report({
      commandId: c.commandId,
      idempotencyId: c.idempotencyId,
      outcome: 'COMMAND_OUTCOME_COMPLETED',
      patientLookup: { found: true, localRecordId: canaries.externalId, summary: canaries.freeText },
    });
    stream.cancel();
    const read = await expectStatus(
      200,
      requestJson(run.url, 'GET', `/v1/device-commands/${sent.commandId as string}`, doctor),
    );
    if (!JSON.stringify(read).includes(canaries.freeText))
      throw new Error('the practitioner did not see the result');
    await expectStatus(
      404,
      requestJson(run.url, 'GET', `/v1/device-commands/${sent.commandId as string}`, staff),
    );
  } finally {
    agent.close();
  }

  const db = new Client({ connectionString: run.db.url() });
  await db.connect();
  try {
    await waitFor(
      async () =>
        (await db.query(`SELECT 1 FROM device_registry.outbox WHERE published_at IS NULL`)).rowCount === 0,
      { what: "the outbox relay published the run's events", timeoutMs: 20_000 },
    );
  } finally {
    await db.end();
  }
}
