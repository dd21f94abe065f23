import { Injectable } from '@nestjs/common';
import { AuditTrail, type AuditActor } from '@carebus/audit';
import { TenantScope, type Tx } from '@carebus/persistence';
import { contactNotFound } from '../notifications.errors';
import type { PatientContact } from './patient-contact';
import { PatientContactsRepository } from './patient-contacts.repository';

export type ContactAccess = 'patient_contact.read' | 'patient_contact.write' | 'patient_contact.delete';

/** Who asks, for which clinic: every access is audited under the principal. */
export interface ContactActor {
  clinicId: string;
  principal: AuditActor;
}

/**
 * A patient's contact points. Each read, write and delete is audited in the transaction of the
 * access itself; a miss is answered 404, which the edge audits as denied (RefusalRecorder).
 */
@Injectable()
export class ContactsService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly contacts: PatientContactsRepository,
    private readonly audit: AuditTrail,
  ) {}

  async get(actor: ContactActor, patientId: string): Promise<PatientContact> {
    const contact = await this.tenant.withTenant(actor.clinicId, async (tx) => {
      const found = await this.contacts.find(tx, patientId);
      if (found) await this.audited(tx, actor, 'patient_contact.read', patientId);
      return found;
    });
    if (!contact) throw contactNotFound();
    return contact;
  }

  /** Answers the contact as stored, with portalReachable as messaging last decided it. */
  async put(actor: ContactActor, contact: PatientContact): Promise<PatientContact> {
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      await this.contacts.put(tx, contact);
      await this.audited(tx, actor, 'patient_contact.write', contact.patientId);
      return (await this.contacts.find(tx, contact.patientId))!;
    });
  }

  async remove(actor: ContactActor, patientId: string): Promise<void> {
    const removed = await this.tenant.withTenant(actor.clinicId, async (tx) => {
      const gone = await this.contacts.remove(tx, patientId);
      if (gone) await this.audited(tx, actor, 'patient_contact.delete', patientId);
      return gone;
    });
    if (!removed) throw contactNotFound();
  }

  private audited(tx: Tx, actor: ContactActor, action: ContactAccess, patientId: string): Promise<void> {
    return this.audit.record(tx, {
      clinicId: actor.clinicId,
      principal: actor.principal,
      action,
      resourceType: 'patient_contact',
      resourceId: patientId,
      patientId,
      outcome: 'allowed',
    });
  }
}
