import type { StaffMember } from '../settings/staff-directory.repository';
import { patientNoticeRoute, staffNoticeRoute } from './dialogue-recipients';

const member = (m: Partial<StaffMember>): StaffMember => ({
  userId: 'u-1',
  email: null,
  phone: null,
  name: null,
  dialogueChannels: [],
  ...m,
});

describe('who a dialogue notice reaches, and why not', () => {
  it('tells staff on the channels they opted in to and have an address on', () => {
    expect(
      staffNoticeRoute(
        member({ email: 'a@x.example', phone: '+4790000000', dialogueChannels: ['sms', 'email'] }),
      ),
    ).toEqual({ channels: ['sms', 'email'], skipped: null });
    expect(staffNoticeRoute(member({ email: 'a@x.example', dialogueChannels: ['email', 'sms'] }))).toEqual({
      channels: ['email'],
      skipped: null,
    });
  });

  it('skips staff with no entry, no opt-in, or no address on what they opted in to', () => {
    expect(staffNoticeRoute(null).skipped).toBe('notifications.no_staff_contact');
    expect(staffNoticeRoute(member({ email: 'a@x.example' })).skipped).toBe('notifications.not_opted_in');
    expect(staffNoticeRoute(member({ email: 'a@x.example', dialogueChannels: ['sms'] })).skipped).toBe(
      'notifications.no_address',
    );
  });

  it('never tells the patient of an answer in a national-portal thread; otherwise the chosen channels', () => {
    expect(patientNoticeRoute(true, ['portal'])).toEqual({
      channels: [],
      skipped: 'notifications.answered_in_portal',
    });
    expect(patientNoticeRoute(false, ['portal'])).toEqual({ channels: ['portal'], skipped: null });
    expect(patientNoticeRoute(false, []).skipped).toBe('notifications.no_channel');
  });
});
