import { randomUUID } from 'node:crypto';
import type { Role } from '@carebus/auth';
import { requestJson, type TestService } from '@carebus/testing';
import { ThreadFixtures } from './thread-fixtures';

/** REST calls as clinic staff, admins and patients of a messaging service under test. */
export class MessagingApi {
  readonly f: ThreadFixtures;

  constructor(readonly svc: TestService) {
    this.f = new ThreadFixtures(svc.app);
  }

  token(clinicId: string, sub: string, roles: Role[], patientId?: string): Promise<string> {
    return this.svc.issuer.mint({ sub, clinicId, roles, ...(patientId ? { patientId } : {}) });
  }

  async as(clinicId: string, sub: string, roles: Role[], patientId?: string) {
    const token = await this.token(clinicId, sub, roles, patientId);
    const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
      requestJson<T>(this.svc.url, method, `/v1/clinics/${clinicId}${path}`, token, body);
    return { call, sub };
  }

  admin(clinicId: string) {
    return this.as(clinicId, randomUUID(), ['clinic_admin']);
  }

  staff(clinicId: string, sub = randomUUID(), roles: Role[] = ['staff']) {
    return this.as(clinicId, sub, roles);
  }

  patient(clinicId: string, patientId: string, role: 'patient' | 'guardian' = 'patient') {
    return this.as(clinicId, randomUUID(), [role], patientId);
  }
}
