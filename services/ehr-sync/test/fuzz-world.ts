import { randomBytes } from 'node:crypto';
import { newClinicId, requestJson, type FuzzWorld, type TestService } from '@carebus/testing';

/** A clinic with a stored key, and a well-formed key so fuzzed bodies can reach the database. */
export async function ehrSyncFuzzWorld(svc: TestService): Promise<FuzzWorld> {
  const clinicId = newClinicId();
  const token = await svc.issuer.mint({ sub: 'fuzz-admin', clinicId, roles: ['clinic_admin'] });
  const key = () => randomBytes(32).toString('base64');
  const stored = await requestJson(svc.url, 'POST', `/v1/clinics/${clinicId}/key-vault`, token, {
    key: key(),
  });
  if (stored.status !== 201) throw new Error(`seeding the key answered ${stored.status}`);
  return { clinicId, known: { ids: [clinicId], byName: { clinicId: [clinicId], key: [key(), key()] } } };
}
