import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@carebus/auth';
import { sql, type Tx } from '@carebus/persistence';
import { ThreadAccess } from '../threads/thread-access';
import type { AttachmentThreads } from './attachment-threads';

/** Attachments' questions answered by the thread model: ThreadAccess decides who reads a thread. */
@Injectable()
export class ThreadsForAttachments implements AttachmentThreads {
  constructor(private readonly access: ThreadAccess) {}

  canRead(tx: Tx, clinicId: string, principal: Principal, threadId: string): Promise<boolean> {
    return this.access.canRead(tx, clinicId, principal, threadId);
  }

  async isAuthor(
    tx: Tx,
    clinicId: string,
    principal: Principal,
    threadId: string,
    messageId: string,
  ): Promise<boolean> {
    if (!(await this.access.canRead(tx, clinicId, principal, threadId))) return false;
    const row = await tx.maybeOne(
      sql`SELECT author_subject AS "author" FROM messaging.messages
           WHERE clinic_id = ${tx.clinicId} AND id = ${messageId}::uuid AND thread_id = ${threadId}::uuid`,
      z.object({ author: z.string() }),
      { prepared: true },
    );
    return row?.author === principal.subject;
  }
}
