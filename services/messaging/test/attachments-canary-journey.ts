import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { waitFor, type CanaryRun } from '@carebus/testing';
import { downloadFile, MAGIC, uploadFile } from './attachment-client';
import { seedPatientMessages, seedThread, uploadPath } from './attachments-harness';

/**
 * Attachments' part of the PHI canary test, with the canary patient's name as the file name and
 * their free text, name and national id inside the file: uploaded as text and as a PDF, downloaded
 * by staff, refused as too large, as a spoofed type and to a stranger, read after tampering, and
 * uploaded while PostgreSQL terminates the backend or the connection is cut. No log line, span or
 * Kafka record may show any of it.
 */
export async function attachmentsCanaryJourney(run: CanaryRun): Promise<void> {
  const c = run.canaries;
  const sql = new Client({ connectionString: run.db.url() });
  await sql.connect();
  try {
    const t = await seedThread(sql, randomUUID());
    const messages = await seedPatientMessages(sql, t, 8);
    const patient = await run.issuer.mint({
      sub: t.patientId,
      clinicId: t.clinicId,
      roles: ['patient'],
      patientId: t.patientId,
    });
    const staff = await run.issuer.mint({ sub: t.staff, clinicId: t.clinicId, roles: ['staff'] });
    const stranger = await run.issuer.mint({ sub: 'gp-elsewhere', clinicId: t.clinicId, roles: ['staff'] });
    const fileName = `${c.name} ${c.nationalId}.txt`;
    const content = Buffer.from(`${c.name}\n${c.nationalId}\n${c.freeText}\n${c.email} ${c.phone}\n`);
    const send = (messageId: string, spec: { contentType: string; head: Buffer; size: number }) =>
      uploadFile(run.url, uploadPath(t, messageId), patient, { ...spec, fileName, fill: 'text' });
    const expectStatus = (status: number, got: number, what: string) => {
      if (got !== status) throw new Error(`${what}: expected ${status}, got ${got}`);
    };

    const text = await send(messages[0]!, { contentType: 'text/plain', head: content, size: 300_000 });
    expectStatus(201, text.status, 'text upload');
    const pdf = await send(messages[1]!, {
      contentType: 'application/pdf',
      head: Buffer.concat([MAGIC.pdf, content]),
      size: 40_000,
    });
    expectStatus(201, pdf.status, 'PDF upload');
    for (const id of [text.body.id, pdf.body.id]) {
      expectStatus(
        200,
        (await downloadFile(run.url, `/v1/attachments/${String(id)}`, staff)).status,
        'download',
      );
      expectStatus(
        404,
        (await downloadFile(run.url, `/v1/attachments/${String(id)}`, stranger)).status,
        'stranger',
      );
    }
    const tooLarge = await send(messages[2]!, {
      contentType: 'text/plain',
      head: content,
      size: 12 * 1024 * 1024 + 1,
    });
    expectStatus(413, tooLarge.status, 'too large');
    const spoofed = await send(messages[3]!, { contentType: 'image/png', head: content, size: 1000 });
    expectStatus(415, spoofed.status, 'spoofed type');

    await sql.query(
      `UPDATE messaging.attachment_chunks SET sealed = set_byte(sealed, 30, get_byte(sealed, 30) # 1) WHERE attachment_id = $1`,
      [text.body.id],
    );
    expectStatus(
      422,
      (await downloadFile(run.url, `/v1/attachments/${String(text.body.id)}`, staff)).status,
      'tampered',
    );

    await run.terminateBackendDuring('messaging.attachment_chunks', () =>
      send(messages[4]!, { contentType: 'text/plain', head: content, size: 600_000 }),
    );
    await run.cutDatabaseDuring('messaging.attachment_chunks', () =>
      send(messages[5]!, { contentType: 'text/plain', head: content, size: 600_000 }),
    );
    await waitFor(
      async () =>
        (await sql.query(`SELECT 1 FROM messaging.outbox WHERE published_at IS NULL`)).rowCount === 0,
      { what: "the outbox relay published the run's events", timeoutMs: 20_000 },
    );
  } finally {
    await sql.end();
  }
}
