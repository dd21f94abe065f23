import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { encodeEventPayload, EVENTS, SyncRunKind, SyncRunOutcome } from '@carebus/contracts';
import type { OutboxEvent } from '@carebus/outbox';
import type { SyncRun } from './sync-run';

const KINDS = {
  full: SyncRunKind.FULL,
  appointments: SyncRunKind.APPOINTMENTS,
  on_demand: SyncRunKind.ON_DEMAND,
} as const;

/** SyncRunFinished on ehrsync.alert.v1, with the ledger's counts; a failed run alerts the clinic admin. */
export function syncRunFinishedEvent(topic: string, run: SyncRun, nextRunAt: Date): OutboxEvent {
  const definition = EVENTS.syncRunFinished;
  const at = run.finishedAt ?? new Date();
  const outcome =
    run.state === 'succeeded'
      ? SyncRunOutcome.SUCCEEDED
      : run.state === 'partially_succeeded'
        ? SyncRunOutcome.PARTIALLY_SUCCEEDED
        : SyncRunOutcome.FAILED;
  return {
    type: definition.type,
    topic,
    aggregateType: definition.aggregateType,
    aggregateId: run.connectionId,
    clinicId: run.clinicId,
    payload: encodeEventPayload(definition, {
      syncRunId: run.id,
      connectionId: run.connectionId,
      clinicId: run.clinicId,
      kind: KINDS[run.kind],
      startedAt: timestampFromDate(run.startedAt ?? at),
      finishedAt: timestampFromDate(at),
      outcome,
      appointmentsRead: run.read,
      appointmentsImported: run.created + run.updated,
      appointmentsFailed: run.failed,
      appointmentsCreated: run.created,
      appointmentsUpdated: run.updated,
      appointmentsUnchanged: run.unchanged,
      appointmentsSkipped: run.skipped,
      errorCode: run.errorCode ?? '',
      errorMessage: run.errorMessage ?? '',
      nextRunAt: timestampFromDate(nextRunAt),
      takenOverFromRunId: run.takenOverFrom ?? '',
    }),
    time: at,
  };
}
