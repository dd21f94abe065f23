import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { DialogueKind, DialogueMessagePostedSchema, DialogueOrigin, EVENTS } from '@carebus/contracts';
import type { ConsumedEvent } from '@carebus/messaging-kafka';
import { dialogueCommandOf } from './dialogue-command';

const THREAD = '0190a4c2-7b1e-7c3d-9e4f-123456789abc';
const PATIENT = '0190A4C2-7B1E-7C3D-9E4F-FEDCBA987654';

const eventOf = (init: object) =>
  ({
    envelope: { id: 'e-1', type: EVENTS.dialogueMessagePosted.type },
    payload: create(DialogueMessagePostedSchema, {
      clinicId: 'k-1',
      threadId: THREAD,
      messageId: 'm-1',
      kind: DialogueKind.E_CONSULTATION,
      origin: DialogueOrigin.PLATFORM,
      postedAt: timestampFromDate(new Date('2026-12-06T20:00:00Z')),
      ...init,
    }),
  }) as unknown as ConsumedEvent;

describe('dialogue notices from messaging.dialogue.v1', () => {
  it('tells each staff subject once, across inboxes', () => {
    const cmd = dialogueCommandOf(
      eventOf({
        staffInboxes: [
          { inboxId: 'i-1', subjects: ['b', 'a'] },
          { inboxId: 'i-2', subjects: ['a', 'c', ''] },
        ],
      }),
    );
    expect(cmd).toEqual({
      causeEventId: 'e-1',
      threadId: THREAD,
      dialogueKind: 'e_consultation',
      fromNationalPortal: false,
      hidden: false,
      staffSubjects: ['a', 'b', 'c'],
      patientId: null,
      postedAt: new Date('2026-12-06T20:00:00Z'),
    });
  });

  it('names the patient (lower case) and whether the thread came from the national portal', () => {
    const cmd = dialogueCommandOf(eventOf({ patientId: PATIENT, origin: DialogueOrigin.NATIONAL_PORTAL }));
    expect(cmd).toMatchObject({
      patientId: PATIENT.toLowerCase(),
      fromNationalPortal: true,
      staffSubjects: [],
    });
  });

  it('refuses ids that are not UUIDs (dead-lettered as invalid)', () => {
    expect(() => dialogueCommandOf(eventOf({ patientId: 'Kari Nordmann' }))).toThrow(
      'patient_id must be a UUID',
    );
    expect(() => dialogueCommandOf(eventOf({ threadId: 'x' }))).toThrow('thread_id must be a UUID');
  });
});
