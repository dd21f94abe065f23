import { Injectable } from '@nestjs/common';
import type { Tx } from '@carebus/persistence';
import { ReferenceDataRepository } from '../reference-data/reference-data.repository';

/** The clinic's time zone for its daily full sync at local midnight: scheduling's, else the configured one. */
@Injectable()
export class ClinicTimeZones {
  constructor(private readonly copy: ReferenceDataRepository) {}

  async of(tx: Tx, fallback: string): Promise<string> {
    return (await this.copy.timeZone(tx)) ?? fallback;
  }
}
