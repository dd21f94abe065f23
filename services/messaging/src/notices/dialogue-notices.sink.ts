import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DialogueKind, DialogueOrigin, EVENTS, encodeEventPayload } from '@carebus/contracts';
import { Outbox } from '@carebus/outbox';
import type { Tx } from '@carebus/persistence';
import { MessageSinks, type MessageSink } from '../threads/message-sinks';
import type { Message, Thread, ThreadKind, ThreadOrigin } from '../threads/thread';
import { NoticeRecipientsRepository, type InboxReaders } from './notice-recipients.repository';

export const DIALOGUE_TOPIC = Symbol('DialogueTopic');

const KIND: Record<ThreadKind, DialogueKind> = {
  e_contact: DialogueKind.E_CONTACT,
  e_consultation: DialogueKind.E_CONSULTATION,
  e_dialogue: DialogueKind.E_DIALOGUE,
  prescription_renewal: DialogueKind.PRESCRIPTION_RENEWAL,
};

const ORIGIN: Record<ThreadOrigin, DialogueOrigin> = {
  national_portal: DialogueOrigin.NATIONAL_PORTAL,
  platform: DialogueOrigin.PLATFORM,
  staff: DialogueOrigin.STAFF,
};

/**
 * Tells notifications who must hear of a message, in the transaction that stores it
 * (`DialogueMessagePosted` through the outbox): the staff reading the inboxes of a dialogue the
 * patient side or a colleague opened, or the patient the clinic wrote to (a new dialogue or an
 * answer). Ids only: the subject and the text never leave messaging. A patient's later messages
 * in a thread raise the unread counts and tell nobody.
 */
@Injectable()
export class DialogueNoticesSink implements MessageSink, OnModuleInit {
  constructor(
    private readonly sinks: MessageSinks,
    private readonly recipients: NoticeRecipientsRepository,
    private readonly outbox: Outbox,
    @Inject(DIALOGUE_TOPIC) private readonly topic: string,
  ) {}

  onModuleInit(): void {
    this.sinks.register(this);
  }

  async onMessage(tx: Tx, thread: Thread, message: Message): Promise<void> {
    const toPatient = message.direction === 'outbound' && thread.patientId !== null;
    const opened = message.seq === 1 && message.direction !== 'outbound';
    if (!toPatient && !opened) return;
    const staff: InboxReaders[] = opened
      ? await this.recipients.of(tx, thread.id, message.authorSubject)
      : [];
    await this.outbox.add(tx, {
      type: EVENTS.dialogueMessagePosted.type,
      topic: this.topic,
      aggregateType: EVENTS.dialogueMessagePosted.aggregateType,
      aggregateId: thread.id,
      clinicId: tx.clinicId,
      payload: encodeEventPayload(EVENTS.dialogueMessagePosted, {
        clinicId: tx.clinicId,
        threadId: thread.id,
        messageId: message.id,
        kind: KIND[thread.kind],
        origin: ORIGIN[thread.origin],
        newThread: message.seq === 1,
        hidden: thread.hidden,
        postedAt: timestampFromDate(message.createdAt),
        staffInboxes: staff.map((s) => ({ inboxId: s.inboxId, subjects: s.subjects })),
        patientId: toPatient ? thread.patientId! : '',
      }),
    });
  }
}
