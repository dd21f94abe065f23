import type { Principal } from '@carebus/auth';
import type { Tx } from '@carebus/persistence';

/** A thread the caller may read, as attachments need it: whose it is, for the audit trail. */
export interface ReadableThread {
  /** The patient the thread is about (null for an internal e-dialogue between colleagues). */
  patientId: string | null;
}

/**
 * What attachments ask of the dialogues: whether a caller may read a thread, and whether a
 * message in it is theirs. Answered inside the caller's transaction, for the clinic of `tx`;
 * null when not (another clinic's ids included), to be answered like an unknown id.
 */
export interface AttachmentThreads {
  /** Who may read the thread may read its attachments. */
  readable(tx: Tx, clinicId: string, principal: Principal, threadId: string): Promise<ReadableThread | null>;
  /** The message is in the thread, the caller may read it and wrote the message: only its author attaches. */
  authoredBy(
    tx: Tx,
    clinicId: string,
    principal: Principal,
    threadId: string,
    messageId: string,
  ): Promise<ReadableThread | null>;
}

export const ATTACHMENT_THREADS = Symbol('AttachmentThreads');
