import { newClinicId, type FuzzWorld, type TestService } from '@carebus/testing';
import { ThreadFixtures } from './thread-fixtures';

/** A clinic with a patient listed with a GP, an incoming thread and the whole clinic's unit, for fuzzed requests to reach. */
export async function messagingFuzzWorld(svc: TestService): Promise<FuzzWorld> {
  const f = new ThreadFixtures(svc.app);
  const clinicId = newClinicId();
  const gp = '6f1c2a3b-0000-4000-8000-000000000001';
  const patientId = await f.newPatient(clinicId, gp);
  const { thread } = await f.incoming(clinicId, patientId, 'e_contact');
  const unit = await f.wholeClinicUnit(clinicId);
  const inbox = await f.wholeClinicInbox(clinicId);
  return {
    clinicId,
    patientId,
    known: {
      ids: [clinicId, patientId, thread.id, unit, inbox],
      byName: {
        clinicId: [clinicId],
        threadId: [thread.id],
        inboxId: [inbox],
        unitId: [unit],
        patientId: [patientId],
        messageType: ['e_contact', 'e_consultation', 'prescription_renewal'],
        kind: ['e_contact', 'e_consultation', 'e_dialogue', 'prescription_renewal', 'group'],
        mode: ['practitioner', 'receiver', 'both'],
        outcome: ['rejected', 'renewed', 'cannot_be_renewed', 'partly_renewed'],
        to: ['e_contact', 'e_consultation'],
        sharedReadClears: ['per_user', 'per_inbox'],
      },
    },
  };
}
