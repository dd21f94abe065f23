import { randomUUID } from 'node:crypto';
import { waitFor } from '@carebus/testing';
import { uploadFile } from '../../test/attachment-client';
import { startPortalWorld, type PortalWorld } from '../../test/portal-world';
import { ThreadFixtures } from '../../test/thread-fixtures';

const MiB = 1024 * 1024;
const PDF = Buffer.from('%PDF-1.7\n');

/**
 * Files on national-portal threads, over real PostgreSQL and the portal simulator on a real
 * socket: the clinic's answer with a file reaches the portal once, after the answer, byte for byte
 * (SHA-256), also when the portal loses its 2xx answers; the citizen's file comes in through the
 * portal on the message the partner API created.
 */
describe('attachments on national-portal threads', () => {
  let w: PortalWorld;

  beforeAll(async () => {
    w = await startPortalWorld();
    const f = new ThreadFixtures(w.h.svc.app);
    await f.join(w.clinicId, await f.wholeClinicUnit(w.clinicId), 'gp-gunnar');
  }, 90_000);
  afterAll(async () => w?.close());
  beforeEach(() => w.portal.admin.clearMessages());

  async function portalThread() {
    const { nationalId } = await w.reachablePatient();
    const sent = await w.portal.admin.sendDialogue({
      portalMessageId: `portal-${randomUUID()}`,
      nationalId,
      kind: 'e_contact',
      subject: 'Prescription',
      body: 'Could you send me the letter?',
    });
    expect(sent.status).toBe(201);
    return sent.body as { threadId: string; messageId: string };
  }

  const deliveries = async (threadId: string) =>
    (
      await w.h.sql.query<{ id: string; kind: string; status: string; partOf: string | null }>(
        `SELECT id, kind, status, part_of AS "partOf" FROM messaging.portal_deliveries
          WHERE thread_id = $1 ORDER BY created_at, kind`,
        [threadId],
      )
    ).rows;

  it("delivers a file on the clinic's answer once, after the answer, with the same SHA-256", async () => {
    const { threadId } = await portalThread();
    // Each of the message and its file is stored by the portal, then its 2xx is lost: both resent.
    w.portal.admin.setFaults({ lostAnswers: 2 });
    const reply = await w.h.call<{ id: string }>(
      'POST',
      `/v1/clinics/${w.clinicId}/threads/${threadId}/messages`,
      w.staff,
      { body: 'The letter is attached.' },
    );
    expect(reply.status).toBe(201);
    const upload = await uploadFile(
      w.h.svc.url,
      `/v1/threads/${threadId}/messages/${reply.body.id}/attachments`,
      w.staff,
      { contentType: 'application/pdf', fileName: 'brev om resept.pdf', head: PDF, size: 3 * MiB + 17 },
    );
    expect(upload.status).toBe(201);

    await waitFor(async () => (await deliveries(threadId)).every((d) => d.status === 'delivered'), {
      timeoutMs: 30_000,
      what: 'the answer and its file delivered',
    });
    const [message, file] = await deliveries(threadId);
    expect(message).toMatchObject({ kind: 'dialogue_answer', partOf: null });
    expect(file).toMatchObject({ kind: 'attachment', partOf: message!.id });

    expect(w.portal.admin.messages()).toHaveLength(1);
    const stored = w.portal.admin.attachments();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      idempotencyKey: `carebus.${file!.id}`,
      messageKey: `carebus.${message!.id}`,
      fileName: 'brev om resept.pdf',
      mediaType: 'application/pdf',
      sizeBytes: 3 * MiB + 17,
      sha256: upload.sentSha256,
    });
    // The file's answer was lost once and its resend answered as a duplicate: stored once.
    const outcomes = w.portal.admin
      .attempts()
      .filter((a) => a.idempotencyKey === `carebus.${file!.id}`)
      .map((a) => a.outcome);
    expect(outcomes).toContain('duplicate');
    expect(outcomes.filter((o) => o === 'stored' || o === 'lost_answer')).toHaveLength(1);
    const { rows } = await w.h.sql.query(
      `SELECT action, outcome, subject FROM messaging.audit_log
        WHERE clinic_id = $1 AND resource_id = $2 ORDER BY id`,
      [w.clinicId, upload.body.id],
    );
    expect(rows).toContainEqual({
      action: 'attachment.download',
      outcome: 'allowed',
      subject: 'service:messaging',
    });
  });

  it("takes the citizen's file through the portal on the message the partner API created", async () => {
    const { threadId, messageId } = await portalThread();
    const portalToken = await w.h.token(w.clinicId, ['partner'], 'national-portal');
    const path = `/v1/threads/${threadId}/messages/${messageId}/attachments`;
    const upload = await uploadFile(w.h.svc.url, path, portalToken, {
      contentType: 'text/plain',
      fileName: 'blodtrykk.txt',
      head: Buffer.from('Blodtrykk\n'),
      size: MiB,
      fill: 'text',
    });
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ sizeBytes: MiB, sha256: upload.sentSha256 });
    const tooLarge = await uploadFile(w.h.svc.url, path, portalToken, {
      contentType: 'application/pdf',
      fileName: 'big.pdf',
      head: PDF,
      size: 12 * MiB + 1,
      chunked: true,
    });
    expect(tooLarge).toMatchObject({ status: 413, body: { code: 'messaging.attachment_too_large' } });
    const listed = await w.h.call<{ fileName: string; sha256: string }[]>('GET', path, w.staff);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ fileName: 'blodtrykk.txt', sha256: upload.sentSha256 }),
    ]);
    // A file on the citizen's own message goes nowhere: only the clinic's answers are delivered.
    expect(await deliveries(threadId)).toEqual([]);
  });
});
