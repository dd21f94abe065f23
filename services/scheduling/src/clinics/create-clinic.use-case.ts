import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import type { Principal } from '@carebus/auth';
import { Outbox } from '@carebus/outbox';
import { MAX_PAGE_SIZE, TenantScope, type Tx } from '@carebus/persistence';
import type { Location, LocationInput } from '../locations/location';
import { LocationsRepository } from '../locations/locations.repository';
import { clinicIdempotencyKeyReused, IdempotencyKeyUsed, idempotencyKeyRetry } from '../scheduling.errors';
import type { Clinic } from './clinic';
import { clinicEvents } from './clinic-events';
import { ClinicsRepository } from './clinics.repository';

export interface CreateClinicCommand {
  principal: Principal;
  name: string;
  timeZone: string;
  clinicalAdminEmail: string;
  locations: LocationInput[];
  idempotencyKey?: string | undefined;
}

export interface CreatedClinic {
  clinic: Clinic;
  locations: Location[];
  /** True when an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

/**
 * A platform operator onboards a clinic: the clinic, its locations and its ClinicCreated event
 * commit together, in the new clinic's own tenant transaction.
 */
@Injectable()
export class CreateClinicUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly clinics: ClinicsRepository,
    private readonly locations: LocationsRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: CreateClinicCommand): Promise<CreatedClinic> {
    const requestHash = requestHashOf(command);
    try {
      return await this.tenant.withTenant(randomUUID(), (tx) => this.create(tx, command, requestHash));
    } catch (error) {
      if (error instanceof IdempotencyKeyUsed)
        return this.replay(command.idempotencyKey as string, requestHash);
      throw error;
    }
  }

  private async create(tx: Tx, c: CreateClinicCommand, requestHash: string): Promise<CreatedClinic> {
    const clinic = await this.clinics.insert(tx, { ...c, requestHash });
    const locations: Location[] = [];
    for (const location of c.locations) locations.push(await this.locations.insert(tx, location));
    await this.outbox.add(tx, clinicEvents.created(clinic));
    // The operator's action opens the new clinic's audit chain.
    await this.audit.record(tx, {
      clinicId: clinic.id,
      principal: c.principal,
      action: 'clinic.create',
      resourceType: 'clinic',
      resourceId: clinic.id,
      outcome: 'allowed',
    });
    return { clinic, locations, replayed: false };
  }

  private async replay(key: string, requestHash: string): Promise<CreatedClinic> {
    const earlier = await this.tenant.withoutTenant((tx) => this.clinics.byIdempotencyKey(tx, key));
    if (!earlier) throw idempotencyKeyRetry();
    if (earlier.requestHash !== requestHash) throw clinicIdempotencyKeyReused();
    return this.tenant.withTenant(earlier.id, async (tx) => {
      const clinic = await this.clinics.find(tx, earlier.id);
      if (!clinic) throw idempotencyKeyRetry();
      const locations = await this.locations.list(tx, { limit: MAX_PAGE_SIZE, after: null });
      return { clinic, locations: locations.items, replayed: true };
    });
  }
}

/** What makes two creations "the same request" for the Idempotency-Key. */
function requestHashOf(c: CreateClinicCommand): string {
  const locations = c.locations.map((l) => [l.name, l.address ?? null]);
  const fields = [c.name, c.timeZone, c.clinicalAdminEmail, locations];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
