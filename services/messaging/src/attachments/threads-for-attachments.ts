import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@carebus/auth';
import { sql, type Tx } from '@carebus/persistence';
import { ThreadAccess } from '../threads/thread-access';
import type { AttachmentThreads, ReadableThread } from './attachment-threads';

/** Attachments' questions answered by the thread model: ThreadAccess decides who reads a thread. */
@Injectable()
export class ThreadsForAttachments implements AttachmentThreads {
  constructor(private readonly access: ThreadAccess) {}

  async readable(
    tx: Tx,
    clinicId: string,
    principal: Principal,
    threadId: string,
  ): Promise<ReadableThread | null> {
    const thread = await this.access.readable(tx, clinicId, principal, threadId);
    return thread ? { patientId: thread.patientId } : null;
  }

  async authoredBy(
    tx: Tx,
    clinicId: string,
    principal: Principal,
    threadId: string,
    messageId: string,
  ): Promise<ReadableThread | null> {
    const thread = await this.readable(tx, clinicId, principal, threadId);
    if (!thread) return null;
    const row = await tx.maybeOne(
      sql`SELECT author_subject AS "author" FROM messaging.messages
           WHERE clinic_id = ${tx.clinicId} AND id = ${messageId}::uuid AND thread_id = ${threadId}::uuid`,
      z.object({ author: z.string() }),
      { prepared: true },
    );
    return row?.author === principal.subject ? thread : null;
  }
}
