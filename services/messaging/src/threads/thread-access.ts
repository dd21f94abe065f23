import { Injectable } from '@nestjs/common';
import { hasRole, type Principal } from '@carebus/auth';
import type { Tx } from '@carebus/persistence';
import { patientClaimMissing } from '../messaging.errors';
import type { Thread } from './thread';
import { ThreadsRepository } from './threads.repository';

export const STAFF_ROLES = ['clinic_admin', 'practitioner', 'staff'] as const;

export function isStaff(principal: Principal): boolean {
  return hasRole(principal, ...STAFF_ROLES);
}

/** The patient a patient or guardian token acts for; null for staff and partners. */
export function patientOf(principal: Principal): string | null {
  if (isStaff(principal) || hasRole(principal, 'partner')) return null;
  if (!principal.patientId) throw patientClaimMissing();
  return principal.patientId;
}

/**
 * Who may read a thread — the port the attachments and portal modules call:
 *  - the patient it is about, and a guardian acting for them unless it is about a hidden appointment;
 *  - a partner (the national portal) for threads that came from or go to the national portal, never hidden ones;
 *  - staff who took part (author, repliers) or belong to one of its routed inboxes (owner or unit member).
 * Anyone else, another clinic included, gets false: answer it like an unknown id (404).
 */
@Injectable()
export class ThreadAccess {
  constructor(private readonly threads: ThreadsRepository) {}

  async canRead(tx: Tx, clinicId: string, principal: Principal, threadId: string): Promise<boolean> {
    return (await this.readable(tx, clinicId, principal, threadId)) !== null;
  }

  /** The thread when `principal` may read it, else null. */
  async readable(tx: Tx, clinicId: string, principal: Principal, threadId: string): Promise<Thread | null> {
    if (!sameClinic(principal, clinicId) || tx.clinicId !== clinicId.toLowerCase()) return null;
    const thread = await this.threads.find(tx, threadId);
    return thread && (await this.may(tx, principal, thread)) ? thread : null;
  }

  async may(tx: Tx, principal: Principal, thread: Thread): Promise<boolean> {
    if (isStaff(principal)) return this.threads.reaches(tx, thread.id, principal.subject);
    if (hasRole(principal, 'partner')) return thread.origin === 'national_portal' && !thread.hidden;
    if (!hasRole(principal, 'patient', 'guardian')) return false;
    if (!principal.patientId || principal.patientId.toLowerCase() !== thread.patientId) return false;
    return !(thread.hidden && hasRole(principal, 'guardian'));
  }
}

function sameClinic(principal: Principal, clinicId: string): boolean {
  return principal.clinicId?.toLowerCase() === clinicId.toLowerCase();
}
