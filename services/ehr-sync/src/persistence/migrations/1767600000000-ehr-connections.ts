import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'ehr_sync';

/**
 * A clinic's connections to its EHRs: the API style, the base URL, the credentials sealed under
 * the clinic's shared encryption key (`sek1.…` text, never in clear), the status and the sync
 * settings (jsonb, versioned on their own so a re-authentication leaves them alone).
 */
export class EhrConnections1767600000000 implements MigrationInterface {
  name = 'EhrConnections1767600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.ehr_connections (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL,
        style text NOT NULL CHECK (style IN ('fhir_r4', 'vendor')),
        base_url text NOT NULL CHECK (length(base_url) BETWEEN 8 AND 2048),
        credentials text NOT NULL CHECK (credentials LIKE 'sek1.%'),
        status text NOT NULL CHECK (status IN ('pending', 'active', 'deauthorized', 'error')),
        status_code text,
        status_changed_at timestamptz NOT NULL,
        settings jsonb NOT NULL,
        settings_version integer NOT NULL CHECK (settings_version > 0),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT ehr_connections_clinic_url UNIQUE (clinic_id, base_url)
      )`);
    await q.query(
      `CREATE INDEX ehr_connections_clinic_created ON ${S}.ehr_connections (clinic_id, created_at, id)`,
    );
    await enableTenantIsolation(q, `${S}.ehr_connections`, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.ehr_connections`);
  }
}
