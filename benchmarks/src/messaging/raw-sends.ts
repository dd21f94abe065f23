import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

export interface SendShape {
  clinicId: string;
  inboxId: string;
  gpId: string;
  patients: { id: string; sub: string }[];
}

const ROUTING = '{"mode":"practitioner","receiverUnitId":null,"practitionerId":null}';

/**
 * The baseline: the rows one REST send leaves (thread, its inbox link, the message, the author as
 * participant, the GP's unread counter +1, two audit rows), written by plain pg as the superuser
 * in one transaction per send, `width` sends at a time. No HTTP, no token, no routing lookups.
 */
export async function rawSends(url: string, shape: SendShape, n: number, width: number): Promise<number> {
  const pool = new Pool({ connectionString: url, max: width });
  try {
    return await inParallel(n, width, async (i) => {
      const client = await pool.connect();
      const patient = shape.patients[i % shape.patients.length]!;
      const threadId = randomUUID();
      const c = shape.clinicId;
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO messaging.threads (clinic_id, id, kind, origin, patient_id, subject, created_by, created_by_kind,
             hidden, routing, message_count, last_message_at, created_at, updated_at)
           VALUES ($1, $2, 'e_consultation', 'platform', $3, 'Bench', $4, 'patient', false, $5::jsonb, 1, now(), now(), now())`,
          [c, threadId, patient.id, patient.sub, ROUTING],
        );
        await client.query(
          `INSERT INTO messaging.thread_inboxes (clinic_id, thread_id, inbox_id, reason, last_message_at)
           VALUES ($1, $2, $3, 'practitioner', now())`,
          [c, threadId, shape.inboxId],
        );
        await client.query(
          `INSERT INTO messaging.messages (clinic_id, id, thread_id, seq, author_subject, author_kind, direction, body, created_at)
           VALUES ($1, $2, $3, 1, $4, 'patient', 'inbound', 'My knee hurts after a fall', now())`,
          [c, randomUUID(), threadId, patient.sub],
        );
        await client.query(
          `INSERT INTO messaging.thread_participants (clinic_id, thread_id, subject, kind) VALUES ($1, $2, $3, 'patient')`,
          [c, threadId, patient.sub],
        );
        await client.query(
          `INSERT INTO messaging.unread_counters (clinic_id, inbox_id, subject, unread) VALUES ($1, $2, $3, 1)
           ON CONFLICT (inbox_id, subject) DO UPDATE SET unread = messaging.unread_counters.unread + 1`,
          [c, shape.inboxId, shape.gpId],
        );
        await client.query(
          `INSERT INTO messaging.audit_log (clinic_id, subject, role, action, resource_type, resource_id, patient_id, outcome)
           VALUES ($1, $2, 'patient', 'thread.create', 'thread', $3, $4, 'allowed'),
                  ($1, $2, 'patient', 'message.write', 'thread', $3, $4, 'allowed')`,
          [c, patient.sub, threadId, patient.id],
        );
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    });
  } finally {
    await pool.end();
  }
}

/** Runs `n` jobs, `width` at a time; answers the wall time in ms. */
export async function inParallel(
  n: number,
  width: number,
  job: (i: number) => Promise<void>,
): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await job(next++);
    }),
  );
  return performance.now() - started;
}
