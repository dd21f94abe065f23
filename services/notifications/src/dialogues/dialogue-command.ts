import { timestampDate } from '@bufbuild/protobuf/wkt';
import { DialogueKind, DialogueOrigin, EVENTS } from '@carebus/contracts';
import { isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import { invalidEvent } from '../notifications.errors';

/** Who must hear of a dialogue's new message: staff subjects, the patient, or both. Ids only. */
export interface PlanDialogueNoticesCommand {
  causeEventId: string;
  threadId: string;
  dialogueKind: string;
  /** A thread from the national portal: the clinic's answers reach the patient there already. */
  fromNationalPortal: boolean;
  hidden: boolean;
  /** Staff subjects of the routed inboxes, each once (a member of two inboxes is told once). */
  staffSubjects: string[];
  /** The patient the clinic wrote to, or null. */
  patientId: string | null;
  postedAt: Date;
}

const KIND: Partial<Record<DialogueKind, string>> = {
  [DialogueKind.E_CONTACT]: 'e_contact',
  [DialogueKind.E_CONSULTATION]: 'e_consultation',
  [DialogueKind.E_DIALOGUE]: 'e_dialogue',
  [DialogueKind.PRESCRIPTION_RENEWAL]: 'prescription_renewal',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The notices a messaging.dialogue.v1 event calls for; null for an event of another type. */
export function dialogueCommandOf(event: ConsumedEvent): PlanDialogueNoticesCommand | null {
  if (!isEventOf(event, EVENTS.dialogueMessagePosted)) return null;
  const p = event.payload;
  if (!UUID.test(p.threadId)) throw invalidEvent('thread_id must be a UUID');
  if (p.patientId && !UUID.test(p.patientId)) throw invalidEvent('patient_id must be a UUID');
  const subjects = p.staffInboxes.flatMap((i) => i.subjects).filter((s) => s.length > 0 && s.length <= 200);
  return {
    causeEventId: event.envelope.id,
    threadId: p.threadId.toLowerCase(),
    dialogueKind: KIND[p.kind] ?? 'e_dialogue',
    fromNationalPortal: p.origin === DialogueOrigin.NATIONAL_PORTAL,
    hidden: p.hidden,
    staffSubjects: [...new Set(subjects)].sort(),
    patientId: p.patientId ? p.patientId.toLowerCase() : null,
    postedAt: p.postedAt ? timestampDate(p.postedAt) : new Date(),
  };
}
