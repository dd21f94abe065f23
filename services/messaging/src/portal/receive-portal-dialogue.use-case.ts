import { Inject, Injectable } from '@nestjs/common';
import { clinicOf, hasRole, type Principal } from '@carebus/auth';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { NationalIdCipher } from '../consent/national-id-cipher';
import { PortalPatientsRepository } from '../consent/portal-patients.repository';
import { patientNotFound, portalForbidden } from '../messaging.errors';
import type { PrescriptionItem } from '../threads/thread';
import { ThreadsService } from '../threads/threads.service';
import { PortalInboundRepository } from './portal-inbound.repository';

/** What the portal may send in: a patient's dialogue or a renewal request. */
export const INBOUND_KINDS = ['e_contact', 'e_consultation', 'prescription_renewal'] as const;
export type InboundKind = (typeof INBOUND_KINDS)[number];

export interface PortalDialogueCommand {
  principal: Principal;
  /** The portal's id of the message: the same id again answers the thread it created. */
  portalMessageId: string;
  /** The patient as the portal knows them; travels in the body only, never in a path. */
  nationalId: string;
  kind: InboundKind;
  subject: string;
  body: string;
  prescriptions?: Omit<PrescriptionItem, 'position' | 'renewed'>[];
}

export interface PortalDialogueResult {
  threadId: string;
  /** The patient's message, the thread's first: the portal attaches files to it. */
  messageId: string;
  created: boolean;
}

/**
 * A patient's dialogue (e-contact, e-consultation) or renewal request from the national portal
 * (client credentials, for the clinic its token names) becomes a thread of origin national portal
 * through the core: routed, counted unread, audited; the clinic's answers go back through the
 * portal (`PortalAnswersSink`). The patient is found by the number recorded for them in this
 * clinic; a number the clinic does not know answers 404 like an unknown id (audited as a denial
 * at the edge: the route is an `@AuditedResource`).
 */
@Injectable()
export class ReceivePortalDialogueUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly patients: PortalPatientsRepository,
    private readonly cipher: NationalIdCipher,
    private readonly inbound: PortalInboundRepository,
    private readonly threads: ThreadsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(cmd: PortalDialogueCommand): Promise<PortalDialogueResult> {
    if (!hasRole(cmd.principal, 'partner')) throw portalForbidden();
    const clinicId = clinicOf(cmd.principal);
    const result = await this.tenant.withTenant(clinicId, async (tx) => {
      const existing = await this.inbound.lockAndFind(tx, cmd.portalMessageId);
      if (existing) return { ...existing, created: false };
      const matches = await this.patients.findByLookup(
        tx,
        this.cipher.lookups(clinicId, cmd.nationalId.trim()),
      );
      if (matches.length !== 1) return null;
      const { thread, message } = await this.threads.receive(tx, {
        kind: cmd.kind,
        origin: 'national_portal',
        patientId: matches[0]!.patientId,
        subject: cmd.subject,
        body: cmd.body,
        author: { actor: cmd.principal, kind: 'partner' },
        prescriptions: cmd.kind === 'prescription_renewal' ? (cmd.prescriptions ?? []) : [],
      });
      await this.inbound.record(tx, cmd.portalMessageId, thread.id, this.clock.now());
      return { threadId: thread.id, messageId: message.id, created: true };
    });
    // The edge (REST's problem filter, the gRPC error filter) records the 404 as one denial.
    if (!result) throw patientNotFound();
    return result;
  }
}
