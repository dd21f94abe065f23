import { newClinicId, waitFor, type FuzzWorld } from '@carebus/testing';
import { CHANNELS } from '../src/channels/channel';
import { ENABLEMENT_SCOPES } from '../src/settings/enablement.repository';
import { LANGUAGES, NOTIFICATION_KINDS } from '../src/templates/notification-kind';
import {
  adminToken,
  appointment,
  call,
  configureClinic,
  notificationRows,
  publishAppointment,
  type Harness,
} from './notifications-harness';

const STAFF_USER = 'staff-user@fjordbyen';

/**
 * A configured clinic with a patient's contact, a staff member and a booked appointment's
 * notifications, and the values that make a fuzzed request valid enough to reach the database.
 */
export async function notificationsFuzzWorld(h: Harness): Promise<FuzzWorld> {
  const clinicId = newClinicId();
  const token = await adminToken(h, clinicId);
  await configureClinic(h, token, {
    clinicName: 'Fjordbyen legesenter',
    senderEmail: 'post@fjordbyen.example',
  });
  const a = appointment(clinicId, new Date(Date.now() + 10 * 86_400_000));
  await call(h, 'PUT', `/v1/patient-contacts/${a.patientId}`, token, { email: 'pasient@example.no' });
  await call(h, 'PUT', `/v1/staff-directory/${STAFF_USER}`, token, { email: 'staff@example.no' });
  await publishAppointment(h, 'booked', a);
  const rows = await waitFor(
    async () => (await notificationRows(h, clinicId)).length > 0 && notificationRows(h, clinicId),
    {
      what: 'the seeded appointment planned',
      timeoutMs: 20_000,
    },
  );
  return {
    clinicId,
    patientId: a.patientId,
    known: {
      ids: [clinicId, a.patientId, a.appointmentId, a.calendarId, ...rows.map((r) => r.id)],
      byName: {
        scope: [...ENABLEMENT_SCOPES],
        kind: [...NOTIFICATION_KINDS],
        language: [...LANGUAGES],
        channel: [...CHANNELS],
        userId: [STAFF_USER],
      },
    },
  };
}
