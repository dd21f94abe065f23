import { randomUUID } from 'node:crypto';
import type { Kafka, Consumer } from '@carebus/kafka';
import { decodeEnvelopeHeaders, decodeEventPayload, TOPICS, type EventEnvelope } from '@carebus/contracts';
import {
  createTopics,
  freePort,
  startTestService,
  testKafka,
  waitFor,
  type TestService,
} from '@carebus/testing';
import { AppModule, type AppOptions } from '../src/app.module';
import { connectGrpc } from '../src/grpc/grpc-transport';
import { asOwner, SCHEDULING_UNDER_TEST } from './scheduling-test-service';

export interface SchedulingUnderTest extends TestService {
  /** `127.0.0.1:<port>` of the gRPC server. */
  grpcAddress: string;
}

/** The scheduling service, REST and gRPC, with app options (e.g. a fixed clock). */
export async function startSchedulingWith(
  options: AppOptions,
  env: NodeJS.ProcessEnv = {},
): Promise<SchedulingUnderTest> {
  const grpcPort = await freePort();
  const svc = await startTestService(
    {
      ...SCHEDULING_UNDER_TEST,
      appModule: (config) => AppModule.forRoot(config, options),
      configureApp: (app, config) => connectGrpc(app, config.GRPC_PORT, '127.0.0.1'),
    },
    { GRPC_PORT: String(grpcPort), EHR_IMPORT_ENABLED: 'false', PATIENT_ACCESS_LOG_ENABLED: 'false', ...env },
  );
  return { ...svc, grpcAddress: `127.0.0.1:${grpcPort}` };
}

export interface BookableClinic {
  clinicId: string;
  practitionerId: string;
  calendarId: string;
  /** 30-minute in-person type, patient-bookable. */
  typeId: string;
  /** 20-minute video type, patient-bookable. */
  videoTypeId: string;
  /** Hidden, patient-bookable type (e.g. a young person's consultation). */
  hiddenTypeId: string;
  patientId: string;
}

export interface BookableOptions {
  profession?: 'gp' | 'dentist' | 'nurse' | 'other';
  /** Local work plan dates, inclusive. */
  planFrom?: string;
  planTo?: string;
  /** Weekday blocks 'HH:mm'–'HH:mm' (all types share the day: in-person 08–12, video 12–14, hidden 14–16). */
  minNoticeMinutes?: number;
  maxDaysAhead?: number;
  listedPatientsOnly?: boolean;
  dailyOnlineLimit?: number | null;
}

/**
 * Seeds, as the schema owner, one clinic whose GP owns one online-bookable calendar with a work
 * plan Monday–Friday: in-person 30 min 08–12, video 20 min 12–14, hidden 30 min 14–16.
 */
export async function seedBookableClinic(
  svc: Pick<TestService, 'db'>,
  o: BookableOptions = {},
): Promise<BookableClinic> {
  const ids: BookableClinic = {
    clinicId: randomUUID(),
    practitionerId: randomUUID(),
    calendarId: randomUUID(),
    typeId: randomUUID(),
    videoTypeId: randomUUID(),
    hiddenTypeId: randomUUID(),
    patientId: randomUUID(),
  };
  const templateId = randomUUID();
  await asOwner(svc, async (db) => {
    await db.query(`INSERT INTO scheduling.clinics (id, name) VALUES ($1, 'Fjordbyen legesenter')`, [
      ids.clinicId,
    ]);
    await db.query(
      `INSERT INTO scheduling.practitioners (id, clinic_id, name, profession) VALUES ($1, $2, 'Dr. Test', $3)`,
      [ids.practitionerId, ids.clinicId, o.profession ?? 'gp'],
    );
    await db.query(
      `INSERT INTO scheduling.calendars (id, clinic_id, owner_practitioner_id, name, online_bookable,
         min_notice_minutes, max_days_ahead, listed_patients_only) VALUES ($1, $2, $3, 'Dr. Test', true, $4, $5, $6)`,
      [
        ids.calendarId,
        ids.clinicId,
        ids.practitionerId,
        o.minNoticeMinutes ?? 0,
        o.maxDaysAhead ?? 730,
        o.listedPatientsOnly ?? false,
      ],
    );
    const type = (id: string, name: string, minutes: number, surface: string, hidden: boolean) =>
      db.query(
        `INSERT INTO scheduling.appointment_types (id, clinic_id, name, duration_minutes, contact_surface,
           patient_bookable, patient_information, hidden, daily_online_limit)
         VALUES ($1, $2, $3, $4, $5, true, 'Bring your medication list', $6, $7)`,
        [id, ids.clinicId, name, minutes, surface, hidden, o.dailyOnlineLimit ?? null],
      );
    await type(ids.typeId, 'Consultation', 30, 'in_person', false);
    await type(ids.videoTypeId, 'Video consultation', 20, 'video', false);
    await type(ids.hiddenTypeId, 'Youth consultation', 30, 'in_person', true);
    await db.query(
      `INSERT INTO scheduling.week_templates (id, clinic_id, name) VALUES ($1, $2, 'Standard week')`,
      [templateId, ids.clinicId],
    );
    for (let weekday = 1; weekday <= 5; weekday++) {
      for (const [start, end, typeId] of [
        ['08:00', '12:00', ids.typeId],
        ['12:00', '14:00', ids.videoTypeId],
        ['14:00', '16:00', ids.hiddenTypeId],
      ] as const) {
        await db.query(
          `INSERT INTO scheduling.week_template_blocks (id, clinic_id, week_template_id, weekday, start_time, end_time,
             appointment_type_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [randomUUID(), ids.clinicId, templateId, weekday, start, end, typeId],
        );
      }
    }
    await db.query(
      `INSERT INTO scheduling.work_plans (id, clinic_id, calendar_id, week_template_id, valid_from, valid_to)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        randomUUID(),
        ids.clinicId,
        ids.calendarId,
        templateId,
        o.planFrom ?? '2026-01-01',
        o.planTo ?? '2028-12-31',
      ],
    );
    await db.query(`INSERT INTO scheduling.patients (id, clinic_id, name) VALUES ($1, $2, 'Kari Nordmann')`, [
      ids.patientId,
      ids.clinicId,
    ]);
  });
  return ids;
}

export interface ReceivedEvent {
  envelope: EventEnvelope;
  payload: ReturnType<typeof decodeEventPayload>;
  key: string;
  /** The record's value as it was on the wire. */
  value: Buffer;
}

/** Collects events from a real topic, from its current end, that `accept` takes. */
export class EventTap {
  readonly events: ReceivedEvent[] = [];
  private consumer?: Consumer;
  private readonly kafka: Kafka = testKafka();

  constructor(
    private readonly topic: string,
    private readonly accept: (envelope: EventEnvelope) => boolean = () => true,
  ) {}

  /** Reads from the topic's current end, so earlier runs' events are skipped, not re-read. */
  async start(): Promise<void> {
    await createTopics(this.kafka, [this.topic], 6).catch(() => undefined);
    const admin = this.kafka.admin();
    await admin.connect();
    // A topic the service has only just created may not have its partition leaders yet.
    const ends = await waitFor(() => admin.fetchTopicOffsets(this.topic), {
      what: `the offsets of ${this.topic}`,
    }).finally(() => admin.disconnect());
    this.consumer = this.kafka.consumer({ groupId: `tap-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        let envelope: EventEnvelope;
        try {
          envelope = decodeEnvelopeHeaders(message.headers ?? {});
        } catch {
          return; // not an event of ours
        }
        if (!this.accept(envelope)) return;
        this.events.push({
          envelope,
          payload: decodeEventPayload(envelope.type, message.value ?? Buffer.alloc(0)),
          key: message.key?.toString() ?? '',
          value: message.value ?? Buffer.alloc(0),
        });
      },
    });
    for (const { partition, offset } of ends) {
      this.consumer.seek({ topic: this.topic, partition, offset });
    }
  }

  ofType(type: string): ReceivedEvent[] {
    return this.events.filter((e) => e.envelope.type === type);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** Collects these clinics' appointment events from the real topic. */
export class AppointmentEventTap extends EventTap {
  constructor(clinicIds: string[]) {
    super(TOPICS.schedulingAppointment, (envelope) => clinicIds.includes(envelope.clinicId));
  }
}
