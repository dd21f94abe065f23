import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Principal } from '@carebus/auth';
import { z } from 'zod';
import { sql, TenantScope } from '@carebus/persistence';
import { PatientsRepository } from '../src/directory/patients.repository';
import { InboxesRepository } from '../src/inboxes/inboxes.repository';
import { OrgUnitsRepository } from '../src/org/org-units.repository';
import type { ThreadKind } from '../src/threads/thread';
import { ThreadsService } from '../src/threads/threads.service';

/** Factories over a running messaging app: clinics, patients listed with a GP, units, incoming dialogues. */
export class ThreadFixtures {
  readonly tenant: TenantScope;

  constructor(private readonly app: INestApplication) {
    this.tenant = app.get(TenantScope);
  }

  staff(clinicId: string, subject = randomUUID(), roles: Principal['roles'] = ['staff']): Principal {
    return { subject, clinicId, roles, scopes: [] };
  }

  patient(clinicId: string, patientId: string, role: 'patient' | 'guardian' = 'patient'): Principal {
    return { subject: randomUUID(), clinicId, roles: [role], scopes: [], patientId };
  }

  /** A patient copy as scheduling's event would leave it; listed with `gpId` when given. */
  async newPatient(clinicId: string, gpId: string | null = null): Promise<string> {
    const id = randomUUID();
    await this.tenant.withTenant(clinicId, (tx) =>
      this.app.get(PatientsRepository).upsert(
        tx,
        {
          id,
          listedGpId: gpId,
          nationalIdKind: 'national_id',
          nationalIdValid: true,
          sealedIdentity: null,
          version: 1,
        },
        new Date(),
      ),
    );
    return id;
  }

  async wholeClinicInbox(clinicId: string): Promise<string> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const unit = await this.app.get(OrgUnitsRepository).wholeClinic(tx, new Date());
      return (await this.app.get(InboxesRepository).shared(tx, unit.id, new Date())).id;
    });
  }

  async personalInbox(clinicId: string, subject: string): Promise<string> {
    return this.tenant.withTenant(
      clinicId,
      async (tx) => (await this.app.get(InboxesRepository).personal(tx, subject, new Date())).id,
    );
  }

  async join(clinicId: string, unitId: string, subject: string): Promise<void> {
    await this.tenant.withTenant(clinicId, (tx) =>
      this.app.get(OrgUnitsRepository).addMember(tx, unitId, subject, new Date()),
    );
  }

  async wholeClinicUnit(clinicId: string): Promise<string> {
    return this.tenant.withTenant(
      clinicId,
      async (tx) => (await this.app.get(OrgUnitsRepository).wholeClinic(tx, new Date())).id,
    );
  }

  /** A dialogue the patient sends in from the national portal. */
  async incoming(clinicId: string, patientId: string, kind: ThreadKind = 'e_contact', body = 'Hello clinic') {
    return this.tenant.withTenant(clinicId, (tx) =>
      this.app.get(ThreadsService).receive(tx, {
        kind,
        origin: 'national_portal',
        patientId,
        subject: 'A question',
        body,
        author: { actor: { subject: `patient:${patientId}`, roles: ['patient'] }, kind: 'patient' },
      }),
    );
  }

  /** The thread's routed inboxes, by reason. */
  async routedInboxes(clinicId: string, threadId: string): Promise<{ inboxId: string; reason: string }[]> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      return tx.rows(
        sql`SELECT inbox_id AS "inboxId", reason FROM messaging.thread_inboxes WHERE thread_id = ${threadId}::uuid ORDER BY reason`,
        z.object({ inboxId: z.string(), reason: z.string() }),
      );
    });
  }
}
