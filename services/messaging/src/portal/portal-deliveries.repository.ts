import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { raw, sql, type Transaction, type Tx } from '@carebus/persistence';
import { DELIVERY_KINDS, RENEWAL_OUTCOMES, type PortalDelivery } from './portal-delivery';

const COLUMNS =
  raw(`id, clinic_id AS "clinicId", idempotency_key AS "idempotencyKey", patient_id AS "patientId",
  kind, subject, body, thread_id AS "threadId", renewal_outcome AS "renewalOutcome", renewed_items AS "renewedItems",
  status, attempts, next_attempt_at AS "nextAttemptAt", lease_owner AS "leaseOwner", last_error AS "lastError",
  created_by AS "createdBy", created_at AS "createdAt", finished_at AS "finishedAt",
  attachment_id AS "attachmentId", part_of AS "partOf"`);

const Row = z.object({
  id: z.string(),
  clinicId: z.string(),
  idempotencyKey: z.string(),
  patientId: z.string(),
  kind: z.enum(DELIVERY_KINDS),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  threadId: z.string().nullable(),
  renewalOutcome: z.enum(RENEWAL_OUTCOMES).nullable(),
  renewedItems: z.array(z.string()),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.date(),
  leaseOwner: z.string().nullable(),
  lastError: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
  attachmentId: z.string().nullable(),
  partOf: z.string().nullable(),
});

const ClaimRow = z.object({ id: z.string(), clinicId: z.string() });
export type ClaimedDelivery = z.infer<typeof ClaimRow>;

/** The queue to the national portal (messaging.portal_deliveries, row-level security by clinic). */
@Injectable()
export class PortalDeliveriesRepository {
  /** Inserts unless the clinic has the key already; answers the stored row either way. */
  async insertOnce(tx: Tx, d: PortalDelivery): Promise<{ delivery: PortalDelivery; created: boolean }> {
    const inserted = await tx.execute(
      sql`INSERT INTO messaging.portal_deliveries (id, clinic_id, idempotency_key, patient_id, kind, subject, body,
            thread_id, renewal_outcome, renewed_items, status, attempts, next_attempt_at, created_by, created_at,
            attachment_id, part_of)
          VALUES (${d.id}, ${tx.clinicId}, ${d.idempotencyKey}, ${d.patientId}, ${d.kind}, ${d.subject}, ${d.body},
            ${d.threadId}, ${d.renewalOutcome}, ${JSON.stringify(d.renewedItems)}::jsonb, 'pending', 0,
            ${d.nextAttemptAt}, ${d.createdBy}, ${d.createdAt}, ${d.attachmentId ?? null}, ${d.partOf ?? null})
          ON CONFLICT (clinic_id, idempotency_key) DO NOTHING`,
    );
    const stored = await tx.one(
      sql`SELECT ${COLUMNS} FROM messaging.portal_deliveries
           WHERE clinic_id = ${tx.clinicId} AND idempotency_key = ${d.idempotencyKey}`,
      Row,
    );
    return { delivery: stored, created: inserted === 1 };
  }

  /** The delivery the caller queued under `idempotencyKey` (e.g. `message:<id>`), or null. */
  async findByKey(tx: Tx, idempotencyKey: string): Promise<PortalDelivery | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM messaging.portal_deliveries
           WHERE clinic_id = ${tx.clinicId} AND idempotency_key = ${idempotencyKey}`,
      Row,
    );
    return row ?? null;
  }

  async find(tx: Tx, id: string, lock = false): Promise<PortalDelivery | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM messaging.portal_deliveries
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid${raw(lock ? ' FOR UPDATE' : '')}`,
      Row,
      { prepared: true },
    );
    return row ?? null;
  }

  async claimDue(
    tx: Transaction,
    claim: { now: Date; limit: number; owner: string; leaseMs: number },
  ): Promise<ClaimedDelivery[]> {
    return tx.rows(
      sql`SELECT id, clinic_id AS "clinicId"
            FROM messaging.claim_due_portal_deliveries(${claim.now}, ${claim.limit}, ${claim.owner}, ${claim.leaseMs})`,
      ClaimRow,
      { prepared: true },
    );
  }

  /** Delivered or failed for good; the lease is released. */
  async finish(
    tx: Tx,
    id: string,
    status: 'delivered' | 'failed',
    error: string | null,
    at: Date,
  ): Promise<void> {
    await tx.execute(
      sql`UPDATE messaging.portal_deliveries
             SET status = ${status}, attempts = attempts + 1, last_error = ${error}, finished_at = ${at},
                 lease_owner = NULL, lease_until = NULL
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid AND status = 'pending'`,
    );
  }

  /** Another attempt later; the lease is released. */
  async retryAt(tx: Tx, id: string, error: string, next: Date): Promise<void> {
    await tx.execute(
      sql`UPDATE messaging.portal_deliveries
             SET attempts = attempts + 1, last_error = ${error}, next_attempt_at = ${next},
                 lease_owner = NULL, lease_until = NULL
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid AND status = 'pending'`,
    );
  }
}
