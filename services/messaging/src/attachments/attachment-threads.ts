import type { Principal } from '@carebus/auth';
import type { Tx } from '@carebus/persistence';

/**
 * What attachments ask of the dialogues: whether a caller may read a thread, and whether a
 * message in it is theirs. Answered inside the caller's transaction, for the clinic of `tx`.
 */
export interface AttachmentThreads {
  /** Who may read the thread may read its attachments. */
  canRead(tx: Tx, clinicId: string, principal: Principal, threadId: string): Promise<boolean>;
  /** The message is in the thread, the caller may read it and wrote the message: only its author attaches. */
  isAuthor(
    tx: Tx,
    clinicId: string,
    principal: Principal,
    threadId: string,
    messageId: string,
  ): Promise<boolean>;
}

export const ATTACHMENT_THREADS = Symbol('AttachmentThreads');
