import { Inject, Injectable } from '@nestjs/common';
import { EVENTS, NationalIdKind, type Patient, type Practitioner } from '@carebus/contracts';
import {
  EventHandler,
  isEventOf,
  STALE_EVENT,
  type ConsumedEvent,
  type HandlerResult,
} from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { SchedulingIdentityFeed } from '../consent/scheduling-identity-feed';
import type { MessagingConfig } from '../service';
import { PatientsRepository, type NationalIdKind as Kind } from './patients.repository';
import { PractitionersRepository } from './practitioners.repository';

const KINDS: Record<NationalIdKind, Kind> = {
  [NationalIdKind.UNSPECIFIED]: 'none',
  [NationalIdKind.FNR]: 'national_id',
  [NationalIdKind.DNR]: 'd_number',
  [NationalIdKind.HNR]: 'h_number',
};

/**
 * Messaging's copies of scheduling's practitioners and patients, newest version wins: the listed
 * GP routes e-consultations; national-id kind and validity feed the portal guard. The identity
 * stays sealed as it came (`v1.<version>.<nonce>.<ciphertext>` base64url); the portal guard opens
 * it once per new version (`SchedulingIdentityFeed`) to record the national id under its own key.
 */
@Injectable()
export class DirectoryEventsHandler {
  constructor(
    private readonly practitioners: PractitionersRepository,
    private readonly patients: PatientsRepository,
    private readonly identityFeed: SchedulingIdentityFeed,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @EventHandler((config: MessagingConfig) => config.MESSAGING_PRACTITIONER_TOPIC, {
    group: (config: MessagingConfig) => `${config.MESSAGING_CONSUMER_GROUP}.practitioners`,
    eventTypes: [EVENTS.practitionerCreated.type, EVENTS.practitionerUpdated.type],
  })
  async practitioner(event: ConsumedEvent, tx: Tx): Promise<HandlerResult> {
    let p: Practitioner | undefined;
    if (isEventOf(event, EVENTS.practitionerCreated) || isEventOf(event, EVENTS.practitionerUpdated)) {
      p = event.payload.practitioner;
    }
    if (!p) return;
    const copy = { id: p.practitionerId, active: p.active, version: Number(p.version) };
    return (await this.practitioners.upsert(tx, copy, this.clock.now())) ? undefined : STALE_EVENT;
  }

  @EventHandler((config: MessagingConfig) => config.MESSAGING_PATIENT_TOPIC, {
    group: (config: MessagingConfig) => `${config.MESSAGING_CONSUMER_GROUP}.patients`,
    eventTypes: [EVENTS.patientRegistered.type, EVENTS.patientUpdated.type],
  })
  async patient(event: ConsumedEvent, tx: Tx): Promise<HandlerResult> {
    let p: Patient | undefined;
    if (isEventOf(event, EVENTS.patientRegistered) || isEventOf(event, EVENTS.patientUpdated)) {
      p = event.payload.patient;
    }
    if (!p) return;
    const copy = {
      id: p.patientId,
      listedGpId: p.listedPractitionerId || null,
      nationalIdKind: KINDS[p.nationalIdKind] ?? 'none',
      nationalIdValid: p.nationalIdValid,
      sealedIdentity: p.sealedIdentity ? sealedText(p.sealedIdentity) : null,
      version: Number(p.version),
    };
    if (!(await this.patients.upsert(tx, copy, this.clock.now()))) return STALE_EVENT;
    // The portal guard follows the newest version only, in the same transaction.
    await this.identityFeed.apply(tx, p);
  }
}

/** A SealedValue as one text column; opened only with the patient-identity ring, never logged. */
function sealedText(s: { keyVersion: string; nonce: Uint8Array; ciphertext: Uint8Array }): string {
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
  return `v1.${s.keyVersion}.${b64(s.nonce)}.${b64(s.ciphertext)}`;
}
