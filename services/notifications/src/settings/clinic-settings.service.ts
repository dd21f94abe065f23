import { Injectable } from '@nestjs/common';
import { TenantScope } from '@carebus/persistence';
import type { ClinicSettings } from './clinic-settings';
import { ClinicSettingsRepository } from './clinic-settings.repository';

/** Reads and replaces a clinic's notification settings. */
@Injectable()
export class ClinicSettingsService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly settings: ClinicSettingsRepository,
  ) {}

  get(clinicId: string): Promise<ClinicSettings> {
    return this.tenant.withTenant(clinicId, (tx) => this.settings.get(tx));
  }

  /** Answers the settings as stored. */
  put(clinicId: string, settings: Omit<ClinicSettings, 'clinicId'>): Promise<ClinicSettings> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      await this.settings.put(tx, settings);
      return this.settings.get(tx);
    });
  }
}
