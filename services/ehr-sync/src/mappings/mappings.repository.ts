import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import type { ClassMapping, ConnectionMappings, ProviderMapping } from './mapping';

const ProviderRow = z.object({
  providerExternalId: z.string(),
  practitionerId: z.string(),
  calendarId: z.string(),
});
const ClassRow = z.object({
  appointmentClass: z.string(),
  appointmentTypeId: z.string().nullable(),
  unavailable: z.boolean(),
});

/** A connection's provider and class mappings (row-level security by clinic). */
@Injectable()
export class MappingsRepository {
  async providers(tx: Tx, connectionId: string): Promise<ProviderMapping[]> {
    return tx.rows(
      sql`SELECT provider_external_id AS "providerExternalId", practitioner_id AS "practitionerId",
                 calendar_id AS "calendarId"
            FROM ehr_sync.provider_mappings WHERE clinic_id = ${tx.clinicId} AND connection_id = ${connectionId}::uuid
           ORDER BY provider_external_id`,
      ProviderRow,
    );
  }

  async classes(tx: Tx, connectionId: string): Promise<ClassMapping[]> {
    const rows = await tx.rows(
      sql`SELECT appointment_class AS "appointmentClass", appointment_type_id AS "appointmentTypeId", unavailable
            FROM ehr_sync.class_mappings WHERE clinic_id = ${tx.clinicId} AND connection_id = ${connectionId}::uuid
           ORDER BY appointment_class`,
      ClassRow,
    );
    return rows.map((r) =>
      r.unavailable || !r.appointmentTypeId
        ? { appointmentClass: r.appointmentClass, unavailable: true, appointmentTypeId: null }
        : {
            appointmentClass: r.appointmentClass,
            unavailable: false,
            appointmentTypeId: r.appointmentTypeId,
          },
    );
  }

  async load(tx: Tx, connectionId: string): Promise<ConnectionMappings> {
    const [providers, classes] = [
      await this.providers(tx, connectionId),
      await this.classes(tx, connectionId),
    ];
    return {
      providers: new Map(providers.map((p) => [p.providerExternalId, p])),
      classes: new Map(classes.map((c) => [c.appointmentClass, c])),
    };
  }

  async putProvider(tx: Tx, connectionId: string, m: ProviderMapping, by: string, at: Date): Promise<void> {
    await tx.execute(
      sql`INSERT INTO ehr_sync.provider_mappings (clinic_id, connection_id, provider_external_id, practitioner_id,
            calendar_id, updated_by, updated_at)
          VALUES (${tx.clinicId}, ${connectionId}, ${m.providerExternalId}, ${m.practitionerId}, ${m.calendarId}, ${by}, ${at})
          ON CONFLICT (connection_id, provider_external_id) DO UPDATE
            SET practitioner_id = EXCLUDED.practitioner_id, calendar_id = EXCLUDED.calendar_id,
                updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    );
  }

  async putClass(tx: Tx, connectionId: string, m: ClassMapping, by: string, at: Date): Promise<void> {
    await tx.execute(
      sql`INSERT INTO ehr_sync.class_mappings (clinic_id, connection_id, appointment_class, appointment_type_id,
            unavailable, updated_by, updated_at)
          VALUES (${tx.clinicId}, ${connectionId}, ${m.appointmentClass}, ${m.appointmentTypeId}, ${m.unavailable}, ${by}, ${at})
          ON CONFLICT (connection_id, appointment_class) DO UPDATE
            SET appointment_type_id = EXCLUDED.appointment_type_id, unavailable = EXCLUDED.unavailable,
                updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    );
  }

  async deleteProvider(tx: Tx, connectionId: string, providerExternalId: string): Promise<boolean> {
    return (
      (await tx.execute(
        sql`DELETE FROM ehr_sync.provider_mappings WHERE clinic_id = ${tx.clinicId}
              AND connection_id = ${connectionId}::uuid AND provider_external_id = ${providerExternalId}`,
      )) === 1
    );
  }

  async deleteClass(tx: Tx, connectionId: string, appointmentClass: string): Promise<boolean> {
    return (
      (await tx.execute(
        sql`DELETE FROM ehr_sync.class_mappings WHERE clinic_id = ${tx.clinicId}
              AND connection_id = ${connectionId}::uuid AND appointment_class = ${appointmentClass}`,
      )) === 1
    );
  }
}
