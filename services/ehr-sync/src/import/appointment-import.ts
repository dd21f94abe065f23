import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { Outbox } from '@carebus/outbox';
import type { Tx } from '@carebus/persistence';
import type { EhrAppointment } from '../ehr-adapters/ehr-appointment';
import { NO_COUNTS, type SyncCounts } from '../sync-runs/sync-run';
import {
  importedAppointmentEvent,
  mappedFieldsOf,
  mappingTag,
  type ImportSource,
  type MappedFields,
} from './imported-appointment-event';
import { importAuditEntries } from './import-audit';
import { IMPORT_SETTINGS, type ImportSettings } from './import-settings';
import { importVersionOf } from './import-version';
import { ImportedVersionsRepository } from './imported-versions.repository';

export interface ImportBatch extends ImportSource {
  /** The connection syncs only these providers' appointments; empty: all. */
  providerIds: ReadonlySet<string>;
}

/**
 * Imports one page of EHR appointments exactly once, inside the caller's transaction: each
 * (connection, external id, version) not imported yet is recorded, and its EhrAppointmentImported
 * event is written with it, and the page's audit entry (`import-audit.ts`); a version seen before
 * emits nothing (unchanged). The
 * version is the EHR's, tagged with what the mappings made of it, so a new mapping re-imports.
 */
@Injectable()
export class AppointmentImport {
  constructor(
    private readonly versions: ImportedVersionsRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    @Inject(IMPORT_SETTINGS) private readonly settings: ImportSettings,
  ) {}

  async importPage(
    tx: Tx,
    batch: ImportBatch,
    page: readonly EhrAppointment[],
    at: Date,
  ): Promise<SyncCounts> {
    const counts = { ...NO_COUNTS, read: page.length };
    // One page may hold one appointment twice (a `ge` watermark overlaps): the last copy wins.
    const latest = new Map<string, { appointment: EhrAppointment; version: string; mapped: MappedFields }>();
    for (const appointment of page) {
      if (batch.providerIds.size > 0 && !batch.providerIds.has(appointment.providerExternalId)) {
        counts.skipped++;
        continue;
      }
      const version = importVersionOf(appointment);
      if (version === null) {
        counts.failed++;
        continue;
      }
      if (latest.has(appointment.externalId)) counts.unchanged++;
      const mapped = mappedFieldsOf(batch, appointment);
      latest.set(appointment.externalId, { appointment, version: version + mappingTag(mapped), mapped });
    }
    const recorded = await this.versions.recordNew(
      tx,
      batch.connectionId,
      batch.syncRunId,
      [...latest.values()].map(({ appointment, version }) => ({
        externalId: appointment.externalId,
        version,
      })),
      at,
    );
    counts.unchanged += latest.size - recorded.length;
    const events = [];
    for (const { externalId, created } of recorded) {
      if (created) counts.created++;
      else counts.updated++;
      const { appointment, mapped } = latest.get(externalId)!;
      events.push(importedAppointmentEvent(this.settings.appointmentTopic, batch, appointment, mapped, at));
    }
    await this.outbox.addAll(tx, events);
    await this.audit.recordMany(tx, importAuditEntries(batch, recorded));
    return counts;
  }
}
