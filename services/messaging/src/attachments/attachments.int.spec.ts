import { randomUUID } from 'node:crypto';
import { requestJson } from '@carebus/testing';
import {
  attachmentAudit,
  startAttachmentsHarness,
  storedRows,
  uploadPath,
  type AttachmentsHarness,
  type SeededThread,
} from '../../test/attachments-harness';
import { downloadFile, MAGIC, MiB, uploadFile, type UploadSpec } from '../../test/attachment-client';

const LIMIT = 12 * MiB;

describe('messaging attachments over HTTP: 12 MiB, streamed, sealed, participants only', () => {
  let h: AttachmentsHarness;

  beforeAll(async () => {
    h = await startAttachmentsHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const staffToken = (t: SeededThread, sub = t.staff) =>
    h.token({ sub, clinicId: t.clinicId, roles: ['staff'] });
  const patientToken = (t: SeededThread) =>
    h.token({ sub: t.patientId, clinicId: t.clinicId, roles: ['patient'], patientId: t.patientId });

  async function upload(t: SeededThread, spec: Partial<UploadSpec> & Pick<UploadSpec, 'size'>) {
    return uploadFile(h.svc.url, uploadPath(t, t.patientMessageId), await patientToken(t), {
      contentType: 'application/pdf',
      head: MAGIC.pdf,
      fileName: 'blodprøve kari.pdf',
      ...spec,
    });
  }

  it('takes exactly 12 MiB and gives it back byte-identical, with its SHA-256, to a participant', async () => {
    const t = await h.seedThread();
    const up = await upload(t, { size: LIMIT });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ sizeBytes: LIMIT, sha256: up.sentSha256, mediaType: 'application/pdf' });
    expect(up.body.fileName).toBe('blodprøve kari.pdf');
    expect(await storedRows(h.sql, t.clinicId)).toEqual({ attachments: 1, chunks: 48 });

    const down = await downloadFile(h.svc.url, `/v1/attachments/${String(up.body.id)}`, await staffToken(t));
    expect([down.status, down.size, down.sha256, down.cutShort]).toEqual([200, LIMIT, up.sentSha256, false]);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('blodprøve kari.pdf')}`,
    );
    expect(down.headers['repr-digest']).toBe(
      `sha-256=:${Buffer.from(up.sentSha256, 'hex').toString('base64')}:`,
    );
    expect(await attachmentAudit(h.sql, t.clinicId)).toEqual([
      'attachment.upload:allowed',
      'attachment.download:allowed',
    ]);
    // Both go to the patient's access history: who uploaded and who downloaded their attachment.
    const { rows } = await h.sql.query<{ patient_id: string }>(
      `SELECT patient_id FROM messaging.audit_log WHERE clinic_id = $1 AND resource_type = 'attachment'`,
      [t.clinicId],
    );
    expect(rows.map((r) => r.patient_id)).toEqual([t.patientId, t.patientId]);
  });

  it('stores neither the bytes nor the file name in clear', async () => {
    const t = await h.seedThread();
    const up = await upload(t, { size: 300_000, contentType: 'text/plain', head: MAGIC.text, fill: 'text' });
    expect(up.status).toBe(201);
    const { rows } = await h.sql.query<{ sealed: Buffer; file_name: Buffer }>(
      `SELECT c.sealed, a.file_name FROM messaging.attachment_chunks c JOIN messaging.attachments a ON a.id = c.attachment_id
        WHERE a.id = $1 ORDER BY c.idx`,
      [up.body.id],
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.sealed.includes('Blodtrykk')).toBe(false);
      expect(row.file_name.includes('blodpr')).toBe(false);
    }
  });

  it.each([
    ['with a Content-Length', false],
    ['chunked (no length given)', true],
  ])('refuses 12 MiB + 1 byte %s with 413 and stores nothing', async (_how, chunked) => {
    const t = await h.seedThread();
    const up = await upload(t, { size: LIMIT + 1, chunked });
    expect([up.status, up.body.code]).toEqual([413, 'messaging.attachment_too_large']);
    expect(up.body.type).toBeDefined();
    expect(await storedRows(h.sql, t.clinicId)).toEqual({ attachments: 0, chunks: 0 });
    expect(await attachmentAudit(h.sql, t.clinicId)).toEqual(['attachment.upload:failed']);
  });

  it.each<[string, Partial<UploadSpec>, string | null]>([
    ['PNG bytes declared as PDF', { contentType: 'application/pdf', head: MAGIC.png }, 'image/png'],
    ['a Windows program declared as text', { contentType: 'text/plain', head: MAGIC.exe }, null],
    [
      'text with a NUL declared as text',
      { contentType: 'text/plain', head: Buffer.from('ok\u0000'), fill: 'text' },
      null,
    ],
    ['a JPEG declared as a ZIP', { contentType: 'application/zip', head: MAGIC.jpeg }, null],
  ])('refuses %s with 415 and stores nothing', async (_what, spec, detected) => {
    const t = await h.seedThread();
    const up = await upload(t, { size: 600_000, ...spec });
    expect([up.status, up.body.code, up.body.detectedType]).toEqual([
      415,
      'messaging.attachment_type_refused',
      detected,
    ]);
    expect(await storedRows(h.sql, t.clinicId)).toEqual({ attachments: 0, chunks: 0 });
  });

  it('refuses text that turns invalid in its third chunk (415), rolling back the chunks already written', async () => {
    const t = await h.seedThread();
    const head = Buffer.concat([Buffer.from('x'.repeat(600_000)), Buffer.from([0])]);
    const up = await upload(t, {
      size: 700_000,
      contentType: 'text/plain; charset=utf-8',
      head,
      fill: 'text',
    });
    expect([up.status, up.body.code]).toEqual([415, 'messaging.attachment_type_refused']);
    expect(await storedRows(h.sql, t.clinicId)).toEqual({ attachments: 0, chunks: 0 });
  });

  it('lets only the author attach to a message; others get 404, audited as denied', async () => {
    const t = await h.seedThread();
    const up = await uploadFile(h.svc.url, uploadPath(t, t.staffMessageId), await patientToken(t), {
      contentType: 'image/png',
      head: MAGIC.png,
      size: 1000,
      fileName: 'x.png',
    });
    expect([up.status, up.body.code]).toEqual([404, 'messaging.message_not_found']);
    expect(await attachmentAudit(h.sql, t.clinicId)).toEqual(['attachment.upload:denied']);
  });

  it("answers a non-participant, and another clinic's caller, 404 — audited as denied", async () => {
    const t = await h.seedThread();
    const up = await upload(t, { size: 5000 });
    const path = `/v1/attachments/${String(up.body.id)}`;

    const colleague = await downloadFile(h.svc.url, path, await staffToken(t, 'gp-not-on-this-thread'));
    expect([colleague.status, colleague.problem?.code]).toEqual([404, 'messaging.attachment_not_found']);

    const elsewhere = await h.seedThread();
    const stranger = await downloadFile(h.svc.url, path, await staffToken(elsewhere));
    expect([stranger.status, stranger.problem?.code]).toEqual([404, 'messaging.attachment_not_found']);

    expect(await attachmentAudit(h.sql, t.clinicId)).toEqual([
      'attachment.upload:allowed',
      'attachment.download:denied',
    ]);
    expect(await attachmentAudit(h.sql, elsewhere.clinicId)).toEqual(['attachment.download:denied']);
  });

  const tamperings: [string, (id: string, other: string) => string][] = [
    [
      'a flipped bit in a chunk',
      (id) =>
        `UPDATE messaging.attachment_chunks SET sealed = set_byte(sealed, 40, get_byte(sealed, 40) # 1) WHERE attachment_id = '${id}' AND idx = 1`,
    ],
    [
      'two chunks swapped',
      (id) => `UPDATE messaging.attachment_chunks c SET sealed = o.sealed FROM messaging.attachment_chunks o
       WHERE c.attachment_id = '${id}' AND o.attachment_id = c.attachment_id AND c.idx IN (0, 1) AND o.idx = 1 - c.idx`,
    ],
    [
      'the last chunk cut off (and the count lowered)',
      (id) =>
        `WITH d AS (DELETE FROM messaging.attachment_chunks WHERE attachment_id = '${id}' AND idx = 2 RETURNING 1) UPDATE messaging.attachments SET chunk_count = 2, size_bytes = 524288 WHERE id = '${id}'`,
    ],
    [
      'a chunk of another attachment put in its place',
      (id, other) =>
        `UPDATE messaging.attachment_chunks SET sealed = (SELECT sealed FROM messaging.attachment_chunks WHERE attachment_id = '${other}' AND idx = 1) WHERE attachment_id = '${id}' AND idx = 1`,
    ],
  ];

  it.each(tamperings)(
    'refuses %s: 422, audited as failed, no byte of the file sent',
    async (_what, tamper) => {
      const t = await h.seedThread();
      const up = await upload(t, { size: 600_000 });
      const other = await upload(t, { size: 600_000 });
      await h.sql.query(tamper(String(up.body.id), String(other.body.id)));

      const down = await downloadFile(
        h.svc.url,
        `/v1/attachments/${String(up.body.id)}`,
        await staffToken(t),
      );
      expect([down.status, down.problem?.code]).toEqual([422, 'messaging.attachment_integrity_failed']);
      expect(down.headers['content-type']).toContain('application/problem+json');
      expect((await attachmentAudit(h.sql, t.clinicId)).at(-1)).toBe('attachment.download:failed');
    },
  );

  it("lists a message's attachments with their names to participants; 404 to anyone else", async () => {
    const t = await h.seedThread();
    const first = await upload(t, { size: 2000, fileName: 'første.pdf' });
    const second = await upload(t, { size: 3000, fileName: 'andre.pdf' });
    const path = uploadPath(t, t.patientMessageId);

    const listed = await requestJson<{ id: string; fileName: string; sizeBytes: number }[]>(
      h.svc.url,
      'GET',
      path,
      await staffToken(t),
    );
    expect(listed.status).toBe(200);
    expect(listed.body.map((a) => [a.id, a.fileName, a.sizeBytes]).sort()).toEqual(
      [
        [first.body.id, 'første.pdf', 2000],
        [second.body.id, 'andre.pdf', 3000],
      ].sort(),
    );
    const refused = await requestJson(h.svc.url, 'GET', path, await staffToken(t, 'gp-not-on-this-thread'));
    expect([refused.status, refused.body.code]).toEqual([404, 'messaging.message_not_found']);
    expect((await attachmentAudit(h.sql, t.clinicId)).slice(-2)).toEqual([
      'attachment.list:allowed',
      'attachment.list:denied',
    ]);
  });

  it('refuses an unknown id like any other: 404', async () => {
    const t = await h.seedThread();
    const down = await downloadFile(h.svc.url, `/v1/attachments/${randomUUID()}`, await staffToken(t));
    expect([down.status, down.problem?.code]).toEqual([404, 'messaging.attachment_not_found']);
  });
});
