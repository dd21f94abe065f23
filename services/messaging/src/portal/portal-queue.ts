import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { PortalPatientsRepository } from '../consent/portal-patients.repository';
import type { ReachabilityReason } from '../consent/reachability';
import { PortalDeliveriesRepository } from './portal-deliveries.repository';
import type { PortalDelivery, PortalMessageContent } from './portal-delivery';

export interface EnqueueRequest {
  content: PortalMessageContent;
  /** What the caller dedupes on (a thread message's id, a portal message's id, a client's key). */
  idempotencyKey: string;
  createdBy: string;
}

export type Enqueued =
  | { queued: true; delivery: PortalDelivery; created: boolean }
  | { queued: false; reason: ReachabilityReason };

/**
 * The way into the queue to the national portal, inside the caller's transaction (a reply in a
 * portal thread, a renewal's answer, a portal message from notifications), so the message and
 * what caused it commit together. Refuses a patient who is not reachable there now; the caller
 * audits the refusal.
 */
@Injectable()
export class PortalQueue {
  constructor(
    private readonly deliveries: PortalDeliveriesRepository,
    private readonly patients: PortalPatientsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async enqueue(tx: Tx, request: EnqueueRequest): Promise<Enqueued> {
    const patient = await this.patients.find(tx, request.content.patientId);
    if (!patient?.reachable) return { queued: false, reason: patient?.reason ?? 'no_national_id' };
    const now = this.clock.now();
    const { delivery, created } = await this.deliveries.insertOnce(tx, {
      ...request.content,
      id: randomUUID(),
      clinicId: tx.clinicId,
      idempotencyKey: request.idempotencyKey,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      leaseOwner: null,
      lastError: null,
      createdBy: request.createdBy,
      createdAt: now,
      finishedAt: null,
    });
    return { queued: true, delivery, created };
  }
}
