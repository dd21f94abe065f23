import type { Message } from '@carebus/kafka';
import { randomUUID } from 'node:crypto';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS } from '@carebus/contracts';
import { UnprocessableError } from '@carebus/errors';
import { newClinicId, waitFor } from '@carebus/testing';
import { recordingLogger } from './testing/recording-logger';
import { sequencedMessage } from './testing/sequenced-messages';
import { useConsumerTestBed } from '../test/consumer-test-bed';

describe('malformed input', () => {
  const testBed = useConsumerTestBed();

  it('goes to the DLQ at once as non-retryable, and the runner keeps going', async () => {
    const bed = testBed();
    const { producer, store } = bed;
    // One partition: the failing and the good events share it.
    const { topic, group, schema } = await bed.scenario('malformed');
    const handled: string[] = [];
    const runner = bed.runner({
      inboxSchema: schema,
      topic,
      group,
      retryDelaysMs: [200, 400],
      logger: recordingLogger(),
      handler: async (event) => {
        handled.push(event.envelope.id);
      },
    });
    const clinicId = newClinicId();
    const valid = (aggregateId: string) => sequencedMessage({ aggregateId, sequence: 1, clinicId });
    const withHeaders = (message: Message, headers: Record<string, string>): Message => ({
      ...message,
      headers: { ...(message.headers as Record<string, string>), ...headers },
    });
    const notProtobuf = { ...valid('not-protobuf'), value: Buffer.from([0xff, 0xff, 0xff, 0xff]) };
    const noEnvelope = { key: 'no-envelope', value: valid('no-envelope').value, headers: {} };
    const unknownType = withHeaders(valid('unknown-type'), { ce_type: 'carebus.testing.unknown.v1' });
    const good = valid('good');
    await producer.send({ topic, messages: [notProtobuf, noEnvelope, unknownType, good] });
    await runner.start();

    const letters = await waitFor(
      async () => {
        const found = await store.list({ topic, group });
        return found.length === 3 ? found : undefined;
      },
      { what: 'three dead letters' },
    );
    expect(letters.map((l) => [l.key, l.errorCode, l.attempt, l.retryable])).toEqual([
      ['not-protobuf', 'payload.invalid', 1, false],
      ['no-envelope', 'envelope.missing_header', 1, false],
      ['unknown-type', 'payload.unknown_type', 1, false],
    ]);
    await waitFor(() => handled.length === 1, { what: 'the good event handled' });
    expect(handled).toEqual([good.headers!.ce_id]);
    expect(await retryTopicRecords(`${topic}.${group}.retry.1`)).toBe(0);
  });

  it("sends a handler's unprocessable domain error straight to the DLQ", async () => {
    const bed = testBed();
    const { producer, store } = bed;
    // One partition: the failing and the good events share it.
    const { topic, group, schema } = await bed.scenario('rejecting');
    const runner = bed.runner({
      inboxSchema: schema,
      topic,
      group,
      retryDelaysMs: [200, 400],
      logger: recordingLogger(),
      handler: async () => {
        throw new UnprocessableError('test.unknown_appointment_type', 'the appointment type does not exist');
      },
    });
    await producer.send({
      topic,
      messages: [sequencedMessage({ aggregateId: 'a', sequence: 1, clinicId: newClinicId() })],
    });
    await runner.start();

    const [letter] = await waitFor(
      async () => {
        const found = await store.list({ topic, group });
        return found.length === 1 ? found : undefined;
      },
      { what: 'one dead letter' },
    );
    expect(letter).toMatchObject({
      attempt: 1,
      retryable: false,
      errorCode: 'test.unknown_appointment_type',
    });
    expect(await retryTopicRecords(`${topic}.${group}.retry.1`)).toBe(0);
  });

  it('dead-letters at once a payload that names another clinic than its clinicid header', async () => {
    const bed = testBed();
    const { producer, store } = bed;
    const { topic, group, schema } = await bed.scenario('mismatch');
    const handled: string[] = [];
    const runner = bed.runner({
      inboxSchema: schema,
      topic,
      group,
      retryDelaysMs: [200, 400],
      logger: recordingLogger(),
      handler: async (event) => {
        handled.push(event.key ?? '');
      },
    });
    const booked = (key: string, headerClinic: string, payloadClinic: string): Message => ({
      key,
      value: Buffer.from(
        encodeEventPayload(EVENTS.appointmentBooked, {
          appointment: { appointmentId: key, clinicId: payloadClinic },
        }),
      ),
      headers: encodeEnvelopeHeaders({
        id: randomUUID(),
        type: EVENTS.appointmentBooked.type,
        source: '/carebus/testing',
        time: new Date(),
        subject: `appointment/${key}`,
        clinicId: headerClinic,
        dataContentType: 'application/protobuf',
      }),
    });
    const clinic = newClinicId();
    await producer.send({
      topic,
      messages: [booked('smuggled', clinic, newClinicId()), booked('same-clinic', clinic, clinic)],
    });
    await runner.start();

    const [letter] = await waitFor(
      async () => {
        const found = await store.list({ topic, group });
        return found.length === 1 ? found : undefined;
      },
      { what: 'one dead letter' },
    );
    expect(letter).toMatchObject({
      key: 'smuggled',
      attempt: 1,
      retryable: false,
      errorCode: 'payload.clinic_mismatch',
    });
    await waitFor(() => handled.length === 1, { what: 'the consistent event handled' });
    expect(handled).toEqual(['same-clinic']);
    expect(await retryTopicRecords(`${topic}.${group}.retry.1`)).toBe(0);
  });

  async function retryTopicRecords(retryTopic: string): Promise<number> {
    const admin = testBed().kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(retryTopic)).reduce((sum, p) => sum + Number(p.high), 0);
    } finally {
      await admin.disconnect();
    }
  }
});
