import { Injectable } from '@nestjs/common';
import { AuditTrail, isDenial, type AuditOutcome } from '@carebus/audit';
import { DomainError } from '@carebus/errors';
import { TenantScope, type Tx } from '@carebus/persistence';
import { threadNotFound } from '../messaging.errors';
import type { Thread } from '../threads/thread';
import { ThreadAccess } from '../threads/thread-access';
import { ThreadsRepository } from '../threads/threads.repository';
import { sameClinic, type Actor } from './actor';

/**
 * The frame every access to one thread runs in: lock it in the clinic's transaction, check the
 * caller may read it (else 404, as for an unknown id), then the use case's work — all in one
 * commit. Failures other than denials are audited afterwards; denials are the edge's to audit.
 */
@Injectable()
export class ThreadChanges {
  constructor(
    private readonly tenant: TenantScope,
    private readonly threads: ThreadsRepository,
    private readonly access: ThreadAccess,
    private readonly audit: AuditTrail,
  ) {}

  async run<T>(actor: Actor, threadId: string, action: string, work: (tx: Tx, thread: Thread) => Promise<T>) {
    let patientId: string | null = null;
    try {
      if (!sameClinic(actor)) throw threadNotFound();
      return await this.tenant.withTenant(actor.clinicId, async (tx) => {
        const thread = await this.threads.lock(tx, threadId);
        patientId = thread?.patientId ?? null;
        if (!thread || !(await this.access.may(tx, actor.principal, thread))) throw threadNotFound();
        return work(tx, thread);
      });
    } catch (error) {
      if (error instanceof DomainError && !isDenial(error)) {
        await this.audit.recordOutcome(entry(actor, threadId, action, 'failed', patientId));
      }
      throw error;
    }
  }

  /** The audit row of an allowed access, for the use case to record in its transaction. */
  async allowed(tx: Tx, actor: Actor, thread: Thread, action: string): Promise<void> {
    await this.audit.record(tx, entry(actor, thread.id, action, 'allowed', thread.patientId));
  }
}

function entry(
  actor: Actor,
  threadId: string,
  action: string,
  outcome: AuditOutcome,
  patientId: string | null,
) {
  return {
    clinicId: actor.clinicId,
    principal: actor.principal,
    action,
    resourceType: 'thread',
    resourceId: threadId,
    patientId,
    outcome,
  };
}
