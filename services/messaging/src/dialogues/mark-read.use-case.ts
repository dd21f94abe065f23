import { Injectable } from '@nestjs/common';
import { ThreadsService } from '../threads/threads.service';
import { assertStaff, type Actor } from './actor';
import { ThreadChanges } from './thread-changes';

/** A staff member has read the thread: their unread counters (or the shared inbox's) go down. */
@Injectable()
export class MarkReadUseCase {
  constructor(
    private readonly changes: ThreadChanges,
    private readonly threads: ThreadsService,
  ) {}

  async execute(actor: Actor, threadId: string): Promise<void> {
    assertStaff(actor);
    await this.changes.run(actor, threadId, 'thread.mark_read', async (tx, thread) => {
      await this.threads.markRead(tx, thread, actor.principal.subject);
      await this.changes.allowed(tx, actor, thread, 'thread.mark_read');
    });
  }
}
