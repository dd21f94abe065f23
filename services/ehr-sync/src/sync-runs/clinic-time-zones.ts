import { Injectable } from '@nestjs/common';
import type { Tx } from '@carebus/persistence';

/**
 * The clinic's time zone, for its daily full sync at local midnight. Scheduling's clinic events
 * (scheduling.clinic.v1) will fill a local copy; until then every clinic has the configured one.
 */
@Injectable()
export class ClinicTimeZones {
  async of(_tx: Tx, fallback: string): Promise<string> {
    return fallback;
  }
}
