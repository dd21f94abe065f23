import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Partitioners, type Producer } from '@carebus/kafka';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS } from '@carebus/contracts';
import { createTopics, newTopicSuffix, testKafka } from '@carebus/testing';

/** Scheduling's reference topics of one test, and a producer that writes to them as scheduling would. */
export class ReferencePublisher {
  readonly suffix = newTopicSuffix();
  readonly topics = {
    EHR_SYNC_CLINIC_TOPIC: `test.${this.suffix}.scheduling.clinic.v1`,
    EHR_SYNC_CALENDAR_TOPIC: `test.${this.suffix}.scheduling.calendar.v1`,
    EHR_SYNC_PRACTITIONER_TOPIC: `test.${this.suffix}.scheduling.practitioner.v1`,
    EHR_SYNC_APPOINTMENT_TYPE_TOPIC: `test.${this.suffix}.scheduling.appointment_type.v1`,
  };
  private producer: Producer | null = null;

  async start(): Promise<void> {
    const kafka = testKafka();
    await createTopics(kafka, Object.values(this.topics), 1);
    this.producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }

  practitioner(clinicId: string, practitionerId: string, version: number, active = true) {
    return this.send(
      this.topics.EHR_SYNC_PRACTITIONER_TOPIC,
      clinicId,
      practitionerId,
      EVENTS.practitionerCreated.type,
      encodeEventPayload(EVENTS.practitionerCreated, {
        practitioner: {
          practitionerId,
          clinicId,
          name: 'Dr. Testsen',
          active,
          version: BigInt(version),
          updatedAt: timestampFromDate(new Date()),
        },
      }),
    );
  }

  calendar(
    clinicId: string,
    calendarId: string,
    ownerPractitionerId: string,
    version: number,
    deleted = false,
  ) {
    const calendar = {
      calendarId,
      clinicId,
      name: 'Testsen',
      ownerPractitionerId,
      active: !deleted,
      version: BigInt(version),
      updatedAt: timestampFromDate(new Date()),
    };
    return deleted
      ? this.send(
          this.topics.EHR_SYNC_CALENDAR_TOPIC,
          clinicId,
          calendarId,
          EVENTS.calendarDeleted.type,
          encodeEventPayload(EVENTS.calendarDeleted, { calendar }),
        )
      : this.send(
          this.topics.EHR_SYNC_CALENDAR_TOPIC,
          clinicId,
          calendarId,
          EVENTS.calendarCreated.type,
          encodeEventPayload(EVENTS.calendarCreated, { calendar }),
        );
  }

  appointmentType(clinicId: string, appointmentTypeId: string, version: number) {
    return this.send(
      this.topics.EHR_SYNC_APPOINTMENT_TYPE_TOPIC,
      clinicId,
      appointmentTypeId,
      EVENTS.appointmentTypeCreated.type,
      encodeEventPayload(EVENTS.appointmentTypeCreated, {
        appointmentType: {
          appointmentTypeId,
          clinicId,
          name: 'Check-up',
          durationMinutes: 30,
          version: BigInt(version),
          updatedAt: timestampFromDate(new Date()),
        },
      }),
    );
  }

  clinic(clinicId: string, timeZone: string, version: number) {
    return this.send(
      this.topics.EHR_SYNC_CLINIC_TOPIC,
      clinicId,
      clinicId,
      EVENTS.clinicCreated.type,
      encodeEventPayload(EVENTS.clinicCreated, {
        clinicId,
        name: 'Fakeberg legesenter',
        timeZone,
        version: BigInt(version),
        updatedAt: timestampFromDate(new Date()),
      }),
    );
  }

  private async send(
    topic: string,
    clinicId: string,
    key: string,
    type: string,
    payload: Uint8Array,
  ): Promise<void> {
    await this.producer!.send({
      topic,
      messages: [
        {
          key,
          value: Buffer.from(payload),
          headers: encodeEnvelopeHeaders({
            id: randomUUID(),
            type,
            source: '/carebus/scheduling',
            time: new Date(),
            clinicId,
            dataContentType: 'application/protobuf',
          }),
        },
      ],
    });
  }
}
