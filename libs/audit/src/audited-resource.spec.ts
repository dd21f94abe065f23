import { defaultAction } from './audited-resource';

describe('defaultAction', () => {
  it.each([
    ['GET', '/v1/patients/:id', 'id', 'patient.read'],
    ['GET', '/v1/patients', 'id', 'patient.list'],
    ['POST', '/v1/patients', 'id', 'patient.create'],
    ['PATCH', '/v1/patients/:id', 'id', 'patient.update'],
    ['PUT', '/v1/patient-contacts/:patientId', 'patientId', 'patient.update'],
    ['DELETE', '/v1/patient-contacts/:patientId', 'patientId', 'patient.delete'],
    ['POST', '/v1/appointments/:id/no-show', 'id', 'patient.no_show'],
    ['POST', '/v1/patients/:id/check-in', 'id', 'patient.check_in'],
    ['POST', '/v1/calendars/:id/days/:date/change-type', null, 'patient.create'],
  ])('%s %s → %s', (method, path, id, action) => {
    expect(defaultAction('patient', method, path, id)).toBe(action);
  });
});
