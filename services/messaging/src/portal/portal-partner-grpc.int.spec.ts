import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { MessagingPartnerGrpc } from '@carebus/portal-simulator';
import { nationalIds } from '../../test/national-ids';
import { startPortalWorld, type PortalWorld } from '../../test/portal-world';
import { ThreadFixtures } from '../../test/thread-fixtures';

const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const PERMISSION_DENIED = 7;
const UNAUTHENTICATED = 16;
const RESOURCE_EXHAUSTED = 8;
const MiB = 1024 * 1024;

/** `size` bytes starting with `head`, generated 256 KiB at a time, and their SHA-256 once read. */
function file(head: Buffer, size: number) {
  const hash = createHash('sha256');
  async function* chunks() {
    for (let sent = 0; sent < size;) {
      const n = Math.min(256 * 1024, size - sent);
      const piece = sent === 0 ? Buffer.concat([head, randomBytes(n)]).subarray(0, n) : randomBytes(n);
      hash.update(piece);
      sent += n;
      yield piece;
    }
  }
  let digest: string | undefined;
  return { chunks: chunks(), sha256: () => (digest ??= hash.digest('hex')) };
}

/**
 * The national portal's partner API over a real gRPC socket (PortalPartnerService, the transport
 * main.ts connects) into messaging on real PostgreSQL and Kafka, the portal simulator as the
 * client: dialogues land in the inboxes the clinic's rules name, once per portal message id; bad
 * requests, unknown numbers, other clinics' tokens and other roles are refused with their gRPC
 * status and `error-code`, and audited.
 */
describe('national portal partner API (gRPC)', () => {
  let w: PortalWorld;
  let f: ThreadFixtures;
  let client: MessagingPartnerGrpc;

  beforeAll(async () => {
    w = await startPortalWorld();
    f = new ThreadFixtures(w.h.svc.app);
    client = new MessagingPartnerGrpc({ address: w.grpcAddress });
  }, 90_000);
  afterAll(async () => {
    client?.close();
    await w?.close();
  });

  /** A patient of the clinic listed with `gp`, their number recorded by staff. */
  async function patientOf(gp: string | null) {
    const patientId = await f.newPatient(w.clinicId, gp);
    const nationalId = nationalIds.birthNumber();
    const set = await w.h.call(
      'PUT',
      `/v1/clinics/${w.clinicId}/patients/${patientId}/national-id`,
      w.staff,
      {
        nationalId,
      },
    );
    expect(set.status).toBe(200);
    return { patientId, nationalId };
  }
  const threadsOf = async (patientId: string) =>
    (
      await w.h.sql.query(
        `SELECT id, origin, kind FROM messaging.threads WHERE clinic_id = $1 AND patient_id = $2`,
        [w.clinicId, patientId],
      )
    ).rows;
  const routed = async (threadId: string) =>
    (await f.routedInboxes(w.clinicId, threadId)).map((r) => `${r.reason}:${r.inboxId}`);
  const denials = async (clinicId: string, subject: string) =>
    (
      await w.h.sql.query(
        `SELECT action, outcome FROM messaging.audit_log
          WHERE clinic_id = $1 AND subject = $2 AND outcome = 'denied' ORDER BY id`,
        [clinicId, subject],
      )
    ).rows;

  it("routes a dialogue by the clinic's rules and answers the same portal message id with the same thread", async () => {
    const gp = randomUUID();
    const { patientId, nationalId } = await patientOf(gp);
    const portalMessageId = `portal-${randomUUID()}`;
    const dialogue = {
      portalMessageId,
      nationalId,
      kind: 'e_consultation' as const,
      subject: 'Rash',
      body: 'A rash since Monday.',
    };
    const first = await w.portal.admin.sendDialogue(dialogue, 'grpc');
    expect(first).toEqual({
      grpcStatus: 0,
      body: { threadId: expect.any(String), messageId: expect.any(String), created: true },
    });
    const again = await w.portal.admin.sendDialogue(dialogue, 'grpc');
    expect(again).toEqual({ grpcStatus: 0, body: { ...first.body, created: false } });
    // The REST twin finds the same thread: one ledger of portal message ids.
    const overRest = await w.portal.admin.sendDialogue(dialogue);
    expect(overRest).toEqual({ status: 200, body: { ...first.body, created: false } });

    const threadId = first.body!.threadId;
    expect(await threadsOf(patientId)).toEqual([
      { id: threadId, origin: 'national_portal', kind: 'e_consultation' },
    ]);
    expect(await routed(threadId)).toEqual([`practitioner:${await f.personalInbox(w.clinicId, gp)}`]);
    const { rows } = await w.h.sql.query(
      `SELECT id, direction, author_subject AS author FROM messaging.messages WHERE thread_id = $1`,
      [threadId],
    );
    expect(rows).toEqual([{ id: first.body!.messageId, direction: 'inbound', author: 'national-portal' }]);

    // An e-contact goes to the whole clinic by default.
    const contact = await w.portal.admin.sendDialogue(
      { nationalId, kind: 'e_contact', subject: 'Question', body: 'Open on Friday?' },
      'grpc',
    );
    expect(contact.grpcStatus).toBe(0);
    expect(await routed(contact.body!.threadId)).toEqual([
      `receiver:${await f.wholeClinicInbox(w.clinicId)}`,
    ]);
  });

  it('takes a renewal request with its prescriptions', async () => {
    const { nationalId } = await patientOf(null);
    const sent = await w.portal.admin.sendDialogue(
      {
        nationalId,
        kind: 'prescription_renewal',
        subject: 'Renewal',
        body: 'Please renew',
        prescriptions: [
          { name: 'Metformin', strength: '500 mg', dosage: '1 twice a day' },
          { name: 'Ventoline', strength: '', dosage: '' },
        ],
      },
      'grpc',
    );
    expect(sent.grpcStatus).toBe(0);
    const { rows } = await w.h.sql.query(
      `SELECT name, strength FROM messaging.prescription_items WHERE thread_id = $1 ORDER BY position`,
      [sent.body!.threadId],
    );
    expect(rows).toEqual([
      { name: 'Metformin', strength: '500 mg' },
      { name: 'Ventoline', strength: '' },
    ]);
  });

  it('refuses bad requests with INVALID_ARGUMENT and an unknown number with NOT_FOUND, audited', async () => {
    const { patientId, nationalId } = await patientOf(null);
    const token = await w.h.token(w.clinicId, ['partner'], 'portal-refused');
    const good = {
      portalMessageId: randomUUID(),
      nationalId,
      kind: 'e_contact',
      subject: 'Hi',
      body: 'Hello',
    };
    for (const bad of [
      { ...good, subject: '' },
      { ...good, nationalId: '1234' },
      { ...good, kind: 'PORTAL_DIALOGUE_KIND_UNSPECIFIED' },
      { ...good, portalMessageId: '' },
      { ...good, body: 'x'.repeat(20_001) },
    ]) {
      expect(await client.sendDialogue(bad, token)).toEqual({
        grpcStatus: INVALID_ARGUMENT,
        errorCode: 'validation.failed',
      });
    }
    expect(await threadsOf(patientId)).toEqual([]);

    const unknown = await client.sendDialogue({ ...good, nationalId: nationalIds.birthNumber() }, token);
    expect(unknown).toEqual({ grpcStatus: NOT_FOUND, errorCode: 'messaging.patient_not_found' });
    expect(await denials(w.clinicId, 'portal-refused')).toEqual([
      expect.objectContaining({ action: 'thread.create', outcome: 'denied' }),
    ]);
  });

  it("keeps another clinic's token, another role and no token away from the clinic", async () => {
    const { patientId, nationalId } = await patientOf(null);
    const dialogue = {
      portalMessageId: randomUUID(),
      nationalId,
      kind: 'e_contact',
      subject: 'Hi',
      body: 'Hello',
    };
    const otherClinic = randomUUID();
    const otherPortal = await w.h.token(otherClinic, ['partner'], 'portal-other-clinic');
    expect(await client.sendDialogue(dialogue, otherPortal)).toEqual({
      grpcStatus: NOT_FOUND,
      errorCode: 'messaging.patient_not_found',
    });
    expect(await denials(otherClinic, 'portal-other-clinic')).toHaveLength(1);

    const staff = await w.h.token(w.clinicId, ['staff'], 'staff-not-portal');
    const forbidden = await client.sendDialogue(dialogue, staff);
    expect(forbidden).toMatchObject({ grpcStatus: PERMISSION_DENIED });
    expect(await denials(w.clinicId, 'staff-not-portal')).toHaveLength(1);

    expect(await client.sendDialogue(dialogue, 'not-a-token')).toMatchObject({ grpcStatus: UNAUTHENTICATED });
    expect(await threadsOf(patientId)).toEqual([]);
  });

  it("takes the citizen's file over AttachFile, streamed, checked as an upload", async () => {
    const { nationalId } = await patientOf(null);
    const sent = await w.portal.admin.sendDialogue(
      { nationalId, kind: 'e_consultation', subject: 'Rash', body: 'A photo of it.' },
      'grpc',
    );
    const { threadId, messageId } = sent.body!;
    const header = { threadId, messageId, fileName: 'utslett mandag.pdf', mediaType: 'application/pdf' };
    const pdf = file(Buffer.from('%PDF-1.7\n'), 5 * MiB + 3);
    const attached = await w.portal.admin.attachFile(header, pdf.chunks);
    expect(attached).toEqual({
      grpcStatus: 0,
      body: {
        attachmentId: expect.any(String),
        mediaType: 'application/pdf',
        sizeBytes: String(5 * MiB + 3),
        sha256: pdf.sha256(),
      },
    });
    const listed = await w.h.call<{ fileName: string; sha256: string }[]>(
      'GET',
      `/v1/threads/${threadId}/messages/${messageId}/attachments`,
      await w.h.token(w.clinicId, ['partner'], 'national-portal'),
    );
    expect(listed.body).toEqual([
      expect.objectContaining({ fileName: 'utslett mandag.pdf', sha256: pdf.sha256() }),
    ]);

    const tooLarge = await w.portal.admin.attachFile(
      header,
      file(Buffer.from('%PDF-1.7\n'), 12 * MiB + 1).chunks,
    );
    expect(tooLarge).toEqual({ grpcStatus: RESOURCE_EXHAUSTED, errorCode: 'messaging.attachment_too_large' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const spoofed = await w.portal.admin.attachFile(header, file(png, 1000).chunks);
    expect(spoofed).toEqual({ grpcStatus: INVALID_ARGUMENT, errorCode: 'messaging.attachment_type_refused' });
    const unnamed = await w.portal.admin.attachFile(
      { ...header, fileName: '' },
      file(Buffer.from('%PDF-'), 10).chunks,
    );
    expect(unnamed).toEqual({ grpcStatus: INVALID_ARGUMENT, errorCode: 'messaging.attachment_invalid' });
    const { rows } = await w.h.sql.query(
      `SELECT count(*)::int AS n FROM messaging.attachments WHERE message_id = $1`,
      [messageId],
    );
    expect(rows[0].n).toBe(1);

    // Another clinic's portal token does not reach the message: NOT_FOUND, audited as denied.
    const otherClinic = randomUUID();
    const other = new MessagingPartnerGrpc({ address: w.grpcAddress });
    try {
      const token = await w.h.token(otherClinic, ['partner'], 'portal-other-clinic-file');
      const refused = await other.attachFile(header, file(Buffer.from('%PDF-'), 100).chunks, token);
      expect(refused).toEqual({ grpcStatus: NOT_FOUND, errorCode: 'messaging.message_not_found' });
      expect(await denials(otherClinic, 'portal-other-clinic-file')).toEqual([
        { action: 'attachment.upload', outcome: 'denied' },
      ]);
      // No token: UNAUTHENTICATED, answered (not left hanging) on the client stream too.
      const anonymous = await other.attachFile(header, file(Buffer.from('%PDF-'), 100).chunks, 'not-a-token');
      expect(anonymous).toMatchObject({ grpcStatus: UNAUTHENTICATED });
    } finally {
      other.close();
    }
  });
});
