import { builtServiceMain, freePort, ServiceProcess, testKafkaEnv, type TestService } from '@carebus/testing';

/**
 * ehr-sync replicas as production runs them (the built main.js), on the database of an in-process
 * test service whose own runner is off: they share its KEKs and topics, so any of them may run
 * any connection's sync.
 */
export async function startSyncReplica(
  svc: TestService,
  shared: Record<string, string>,
  runnerId: string,
  extra: Record<string, string> = {},
): Promise<ServiceProcess> {
  return ServiceProcess.start(builtServiceMain('ehr-sync'), await freePort(), {
    DATABASE_URL: svc.db.url('carebus_ehr_sync_app'),
    ...testKafkaEnv(),
    AUTH_ISSUER: svc.issuer.issuer,
    AUTH_JWKS_URL: svc.issuer.jwksUrl,
    LOG_LEVEL: 'warn',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    ...shared,
    // A push gRPC port of its own: the shared env's is the in-process service's.
    GRPC_PORT: String(await freePort()),
    EHR_SYNC_RUNNER_ENABLED: 'true',
    EHR_SYNC_RUNNER_ID: runnerId,
    EHR_SYNC_RUNNER_POLL_MS: '100',
    // Groups of its own: a replica joining the others' groups would wait out their rebalance before it is ready.
    EHR_SYNC_CONSUMER_GROUP: `${shared.EHR_SYNC_CONSUMER_GROUP ?? 'ehr-sync'}-${runnerId}`,
    EHR_SYNC_WRITE_BACK_GROUP: `${shared.EHR_SYNC_WRITE_BACK_GROUP ?? 'ehr-sync-write-back'}-${runnerId}`,
    EHR_SYNC_JOURNAL_GROUP: `${shared.EHR_SYNC_JOURNAL_GROUP ?? 'ehr-sync-journal'}-${runnerId}`,
    ...extra,
  });
}
