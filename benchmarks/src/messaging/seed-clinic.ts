import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { SendShape } from './raw-sends';

/** A clinic with one GP (their personal inbox) and `patients` patients listed with them, as the superuser. */
export async function seedClinic(sql: Client, patients: number): Promise<SendShape> {
  const clinicId = randomUUID();
  const gpId = randomUUID();
  const inboxId = randomUUID();
  await sql.query(
    `INSERT INTO messaging.practitioners (clinic_id, id, active, version, updated_at) VALUES ($1, $2, true, 1, now())`,
    [clinicId, gpId],
  );
  await sql.query(
    `INSERT INTO messaging.inboxes (clinic_id, id, kind, owner_subject, created_at) VALUES ($1, $2, 'personal', $3, now())`,
    [clinicId, inboxId, gpId],
  );
  const list = Array.from({ length: patients }, () => ({ id: randomUUID(), sub: randomUUID() }));
  await sql.query(
    `INSERT INTO messaging.patients (clinic_id, id, listed_gp_id, national_id_kind, national_id_valid, version, updated_at)
     SELECT $1, p, $2, 'national_id', true, 1, now() FROM unnest($3::uuid[]) AS p`,
    [clinicId, gpId, list.map((p) => p.id)],
  );
  return { clinicId, inboxId, gpId, patients: list };
}

/**
 * `messages` more messages in the GP's inbox, set-based: threads of `perThread` messages from the
 * first patient, spread over the last days, and the GP's unread counter raised by as many.
 */
export async function seedMessages(
  sql: Client,
  shape: SendShape,
  messages: number,
  perThread: number,
): Promise<void> {
  const threads = Math.ceil(messages / perThread);
  const patient = shape.patients[0]!;
  await sql.query(
    `WITH t AS (
       INSERT INTO messaging.threads (clinic_id, id, kind, origin, patient_id, subject, created_by, created_by_kind,
         routing, message_count, last_message_at, created_at, updated_at)
       SELECT $1, gen_random_uuid(), 'e_consultation', 'platform', $2, 'Bench ' || g, $3, 'patient',
              '{"mode":"practitioner","receiverUnitId":null,"practitionerId":null}'::jsonb, $5,
              now() - g * interval '7 seconds', now() - g * interval '7 seconds', now()
         FROM generate_series(1, $4::int) g
       RETURNING id, last_message_at
     ), ti AS (
       INSERT INTO messaging.thread_inboxes (clinic_id, thread_id, inbox_id, reason, last_message_at)
       SELECT $1, t.id, $6, 'practitioner', t.last_message_at FROM t
     )
     INSERT INTO messaging.messages (clinic_id, id, thread_id, seq, author_subject, author_kind, direction, body, created_at)
     SELECT $1, gen_random_uuid(), t.id, s, $3, 'patient', 'inbound', 'Bench message ' || s, t.last_message_at
       FROM t CROSS JOIN generate_series(1, $5::int) s`,
    [shape.clinicId, patient.id, patient.sub, threads, perThread, shape.inboxId],
  );
  await sql.query(
    `INSERT INTO messaging.unread_counters (clinic_id, inbox_id, subject, unread) VALUES ($1, $2, $3, $4)
     ON CONFLICT (inbox_id, subject) DO UPDATE SET unread = messaging.unread_counters.unread + EXCLUDED.unread`,
    [shape.clinicId, shape.inboxId, shape.gpId, threads * perThread],
  );
  await sql.query('ANALYZE messaging.threads, messaging.thread_inboxes, messaging.messages');
}
