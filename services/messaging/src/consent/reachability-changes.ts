import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@carebus/outbox';
import type { Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { CONSENT_SETTINGS, type ConsentSettings } from './consent-settings';
import { classifyNationalId } from './national-id';
import { NationalIdCipher } from './national-id-cipher';
import type { PortalPatient } from './portal-patient';
import { PortalPatientsRepository } from './portal-patients.repository';
import { reachabilityChangedEvent } from './reachability-events';
import { decideReachability, type PortalAccountState } from './reachability';

/** One change to what the portal decision rests on; fields left out stay as they are. */
export interface PortalPatientChange {
  /** The number as recorded (null: removed). Classified and sealed here, never stored in clear. */
  nationalId?: string | null;
  consent?: boolean;
  portalAccount?: PortalAccountState;
}

/**
 * The change frame of a patient's portal reachability, inside the caller's transaction: lock the
 * patient's row, apply the change, decide again, and when anything changed bump the version and
 * put PatientReachabilityChanged in the outbox, so the event and the state commit together.
 */
@Injectable()
export class ReachabilityChanges {
  constructor(
    private readonly patients: PortalPatientsRepository,
    private readonly cipher: NationalIdCipher,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONSENT_SETTINGS) private readonly settings: ConsentSettings,
  ) {}

  async apply(tx: Tx, patientId: string, change: PortalPatientChange): Promise<PortalPatient> {
    const at = this.clock.now();
    await this.patients.ensure(tx, patientId, at);
    const current = (await this.patients.find(tx, patientId, true))!;
    const next: PortalPatient = { ...current, ...this.identity(tx.clinicId, patientId, current, change) };
    if (change.consent !== undefined && change.consent !== current.consent) {
      next.consent = change.consent;
      next.consentChangedAt = at;
    }
    if (change.portalAccount !== undefined) next.portalAccount = change.portalAccount;
    Object.assign(next, decideReachability(next));
    const changed =
      current.version === 0 ||
      next.nationalIdLookup !== current.nationalIdLookup ||
      next.nationalIdKind !== current.nationalIdKind ||
      next.consent !== current.consent ||
      next.portalAccount !== current.portalAccount;
    if (!changed) return current;
    next.version = current.version + 1;
    next.updatedAt = at;
    await this.patients.save(tx, next);
    await this.outbox.add(tx, reachabilityChangedEvent(this.settings.reachabilityTopic, next));
    return next;
  }

  private identity(
    clinicId: string,
    patientId: string,
    current: PortalPatient,
    change: PortalPatientChange,
  ): Pick<PortalPatient, 'nationalIdKind' | 'nationalIdSealed' | 'nationalIdLookup'> {
    if (change.nationalId === undefined) return current;
    if (change.nationalId === null)
      return { nationalIdKind: null, nationalIdSealed: null, nationalIdLookup: null };
    const lookups = this.cipher.lookups(clinicId, change.nationalId);
    // The same number again keeps its seal (under whichever key version sealed it): nothing
    // changed, nothing is published.
    if (current.nationalIdLookup !== null && lookups.includes(current.nationalIdLookup)) return current;
    return {
      nationalIdKind: classifyNationalId(change.nationalId),
      nationalIdSealed: this.cipher.seal(clinicId, patientId, change.nationalId.trim()),
      nationalIdLookup: lookups[0]!,
    };
  }
}
