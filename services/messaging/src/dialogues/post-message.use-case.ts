import { Injectable } from '@nestjs/common';
import type { Message } from '../threads/thread';
import { isStaff } from '../threads/thread-access';
import { ThreadsService } from '../threads/threads.service';
import { authorOf, type Actor } from './actor';
import { ThreadChanges } from './thread-changes';

/** A message in an existing thread: the clinic's answer, a colleague's note, or the patient's reply. */
@Injectable()
export class PostMessageUseCase {
  constructor(
    private readonly changes: ThreadChanges,
    private readonly threads: ThreadsService,
  ) {}

  execute(actor: Actor, threadId: string, body: string): Promise<Message> {
    return this.changes.run(actor, threadId, 'message.write', (tx, thread) =>
      isStaff(actor.principal)
        ? this.threads.replyFromStaff(tx, thread, authorOf(actor.principal), body)
        : this.threads.replyFromPatient(tx, thread, authorOf(actor.principal), body),
    );
  }
}
