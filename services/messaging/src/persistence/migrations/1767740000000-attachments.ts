import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'messaging';

/**
 * Message attachments, stored encrypted: each clinic's data key wrapped by a KEK
 * (attachment_keys), an attachment's facts with its file name sealed (attachments), and its
 * bytes in sealed chunks of at most 256 KiB (attachment_chunks). A chunk's foreign key is checked
 * at commit, so an upload writes its chunks as they stream in and its attachment row last.
 */
export class Attachments1767740000000 implements MigrationInterface {
  name = 'Attachments1767740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.attachment_keys (
        clinic_id uuid PRIMARY KEY,
        key_id uuid NOT NULL,
        kek_version text NOT NULL,
        nonce bytea NOT NULL,
        ciphertext bytea NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ${S}.attachments (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL,
        thread_id uuid NOT NULL,
        message_id uuid NOT NULL,
        uploaded_by text NOT NULL,
        media_type text NOT NULL CHECK (media_type IN
          ('application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/tiff', 'text/plain')),
        file_name bytea NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 12582912),
        sha256 bytea NOT NULL CHECK (length(sha256) = 32),
        chunk_count integer NOT NULL CHECK (chunk_count > 0),
        key_id uuid NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX attachments_message ON ${S}.attachments (clinic_id, message_id, created_at)`);
    await q.query(`
      CREATE TABLE ${S}.attachment_chunks (
        attachment_id uuid NOT NULL REFERENCES ${S}.attachments (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        idx integer NOT NULL CHECK (idx >= 0),
        clinic_id uuid NOT NULL,
        sealed bytea NOT NULL,
        PRIMARY KEY (attachment_id, idx)
      )`);
    // Sealed bytes do not compress: store them out of line without trying.
    await q.query(`ALTER TABLE ${S}.attachment_chunks ALTER COLUMN sealed SET STORAGE EXTERNAL`);
    for (const table of ['attachment_keys', 'attachments', 'attachment_chunks'])
      await enableTenantIsolation(q, `${S}.${table}`, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.attachment_chunks`);
    await q.query(`DROP TABLE ${S}.attachments`);
    await q.query(`DROP TABLE ${S}.attachment_keys`);
  }
}
