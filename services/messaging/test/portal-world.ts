import { randomUUID } from 'node:crypto';
import { startPortalSimulator, type RunningPortalSimulator } from '@carebus/portal-simulator';
import { freePort, newTopicSuffix, waitFor } from '@carebus/testing';
import { nationalIds } from './national-ids';
import { startMessagingHarness, type MessagingHarness } from './messaging-harness';

/** Messaging wired to a portal simulator on a real socket, and the portal pushing citizens back to messaging. */
export interface PortalWorld {
  h: MessagingHarness;
  portal: RunningPortalSimulator;
  clinicId: string;
  staff: string;
  /** Where notifications' portal messages reach this messaging instance. */
  portalMessageTopic: string;
  /** host:port of this instance's partner gRPC API (PortalPartnerService). */
  grpcAddress: string;
  /** A patient of the clinic with a birth number, consent and an active account (pushed by the portal). */
  reachablePatient(): Promise<{ patientId: string; nationalId: string }>;
  /** Waits until every given delivery has left `pending`; answers their statuses. */
  settled(ids: string[], timeoutMs: number): Promise<Map<string, string>>;
  close(): Promise<void>;
}

/** Fast retries so a test sees the queue drain soon after the portal returns. */
export const FAST_RETRIES = {
  MESSAGING_PORTAL_POLL_MS: '100',
  MESSAGING_PORTAL_BACKOFF_BASE_MS: '200',
  MESSAGING_PORTAL_BACKOFF_MAX_MS: '2000',
  MESSAGING_PORTAL_TIMEOUT_MS: '3000',
  MESSAGING_PORTAL_LEASE_MS: '5000',
};

export async function startPortalWorld(env: Record<string, string> = {}): Promise<PortalWorld> {
  const clinicId = randomUUID();
  const portal = await startPortalSimulator({ seed: 'world' });
  const portalMessageTopic = `test.${newTopicSuffix()}.notifications.portal_message.v1`;
  const grpcAddress = `127.0.0.1:${env.GRPC_PORT ?? (await freePort())}`;
  const h = await startMessagingHarness({
    GRPC_PORT: grpcAddress.split(':')[1]!,
    MESSAGING_PORTAL_URL: portal.url,
    MESSAGING_PORTAL_CLIENT_ID: portal.credentials.clientId,
    MESSAGING_PORTAL_CLIENT_SECRET: portal.credentials.clientSecret,
    MESSAGING_PORTAL_MESSAGE_TOPIC: portalMessageTopic,
    ...FAST_RETRIES,
    ...env,
  });
  // The portal pushes citizens' changes (and sends dialogues, over REST or gRPC) to the messaging
  // instance just started.
  portal.admin.connectMessaging({
    url: h.svc.url,
    token: () => h.token(clinicId, ['partner'], 'national-portal'),
    grpc: { address: grpcAddress },
  });
  const harness = h;
  const staff = await harness.token(clinicId, ['staff'], 'gp-gunnar');
  return {
    h: harness,
    portal,
    clinicId,
    staff,
    portalMessageTopic,
    grpcAddress,
    reachablePatient: async () => {
      const patientId = randomUUID();
      const nationalId = nationalIds.birthNumber();
      const set = await harness.call(
        'PUT',
        `/v1/clinics/${clinicId}/patients/${patientId}/national-id`,
        staff,
        {
          nationalId,
        },
      );
      if (set.status !== 200) throw new Error(`national id: ${set.status}`);
      const pushed = await portal.admin.setCitizen(nationalId, 'active', true);
      if (pushed?.status !== 200) throw new Error(`portal push: ${pushed?.status}`);
      return { patientId, nationalId };
    },
    settled: async (ids, timeoutMs) => {
      let statuses = new Map<string, string>();
      await waitFor(
        async () => {
          const { rows } = await harness.sql.query<{ id: string; status: string }>(
            `SELECT id, status FROM messaging.portal_deliveries WHERE id = ANY($1::uuid[])`,
            [ids],
          );
          statuses = new Map(rows.map((r) => [r.id, r.status]));
          return rows.length === ids.length && rows.every((r) => r.status !== 'pending');
        },
        { timeoutMs, what: `${ids.length} portal deliveries settled` },
      );
      return statuses;
    },
    close: async () => {
      await harness.close();
      await portal.close();
    },
  };
}
