import type { PatientContact } from '../contacts/patient-contact';
import { patientChannels } from './patient-channels';

const contact = (overrides: Partial<PatientContact> = {}): PatientContact => ({
  patientId: 'p',
  name: null,
  email: 'p@patient.example',
  phone: '+4790000001',
  pushToken: null,
  preferredChannel: null,
  language: null,
  portalReachable: false,
  guardianContact: false,
  ...overrides,
});
const ALL = ['email', 'sms', 'push'] as const;
const visible = { hidden: false };
const hidden = { hidden: true };

describe('the channels of a patient notification', () => {
  it('none without a contact', () => {
    expect(patientChannels(visible, null, ALL)).toEqual([]);
  });

  it('the portal only for a portal-reachable patient, never for a hidden appointment', () => {
    expect(patientChannels(visible, contact({ portalReachable: true }), ALL)).toEqual(['portal']);
    expect(patientChannels(hidden, contact({ portalReachable: true }), ALL)).toEqual(['email', 'sms']);
  });

  it("never a guardian's contact points for a hidden appointment", () => {
    expect(patientChannels(hidden, contact({ guardianContact: true }), ALL)).toEqual([]);
    expect(patientChannels(visible, contact({ guardianContact: true }), ALL)).toEqual(['email', 'sms']);
  });

  it('the preferred channel first, then the other enabled ones with an address', () => {
    expect(patientChannels(visible, contact({ preferredChannel: 'sms' }), ALL)).toEqual(['sms', 'email']);
    expect(patientChannels(visible, contact({ preferredChannel: 'push' }), ALL)).toEqual(['email', 'sms']);
    expect(patientChannels(visible, contact({ preferredChannel: 'sms' }), ['email'])).toEqual(['email']);
  });
});
