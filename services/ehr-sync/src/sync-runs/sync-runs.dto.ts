import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONNECTION_STATUSES, type ConnectionStatus } from '../connections/connection';
import {
  SYNC_RUN_KINDS,
  SYNC_RUN_STATES,
  type SyncRun,
  type SyncRunKind,
  type SyncRunState,
} from './sync-run';
import type { SyncStatus } from './sync-status.use-case';

/** One row of the run ledger. */
export class SyncRunDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty({ format: 'uuid', description: 'Sent to the EHR on every call of the run (X-Sync-Token)' })
  token!: string;
  @ApiProperty({ enum: SYNC_RUN_KINDS }) kind!: SyncRunKind;
  @ApiProperty({
    enum: SYNC_RUN_STATES,
    description: 'abandoned: its runner stopped; takenOverFrom of a later run names it',
  })
  state!: SyncRunState;
  @ApiProperty({ type: String, nullable: true, description: 'Who asked for an on-demand run' })
  requestedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty() read!: number;
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ description: "Appointments of providers the connection's settings do not sync" })
  skipped!: number;
  @ApiProperty({ type: String, nullable: true }) errorCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) errorMessage!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The abandoned run this one took over',
  })
  takenOverFrom!: string | null;

  static from(r: SyncRun): SyncRunDto {
    return {
      id: r.id,
      connectionId: r.connectionId,
      token: r.token,
      kind: r.kind,
      state: r.state,
      requestedBy: r.requestedBy,
      requestedAt: r.requestedAt.toISOString(),
      startedAt: r.startedAt?.toISOString() ?? null,
      finishedAt: r.finishedAt?.toISOString() ?? null,
      read: r.read,
      created: r.created,
      updated: r.updated,
      unchanged: r.unchanged,
      failed: r.failed,
      skipped: r.skipped,
      errorCode: r.errorCode,
      errorMessage: r.errorMessage,
      takenOverFrom: r.takenOverFrom,
    };
  }
}

export class SyncRunPageDto {
  @ApiProperty({ type: [SyncRunDto] }) items!: SyncRunDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class SyncErrorDto {
  @ApiProperty() code!: string;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class WriteQueueStatusDto {
  @ApiProperty({ description: 'Writes to the EHR waiting in the retry queue' }) pending!: number;
  @ApiProperty({ description: 'Writes parked after a permanent error or too long a wait' }) parked!: number;
  @ApiProperty({ type: Number, nullable: true, description: "The oldest waiting write's age in ms" })
  oldestPendingAgeMs!: number | null;
}

export class SyncStatusDto {
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty({ enum: CONNECTION_STATUSES }) connectionStatus!: ConnectionStatus;
  @ApiProperty({ description: 'The connection is active and its last finished run did not fail' })
  working!: boolean;
  @ApiProperty({ type: SyncRunDto, nullable: true }) lastRun!: SyncRunDto | null;
  @ApiProperty({ type: SyncRunDto, nullable: true }) currentRun!: SyncRunDto | null;
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: "At the clinic's next local midnight",
  })
  nextFullSyncAt!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) nextAppointmentSyncAt!:
    string | null;
  @ApiProperty() onDemandQueued!: boolean;
  @ApiProperty({ type: SyncErrorDto, nullable: true }) lastError!: SyncErrorDto | null;
  @ApiProperty({ type: WriteQueueStatusDto }) writeQueue!: WriteQueueStatusDto;

  static from(s: SyncStatus): SyncStatusDto {
    return {
      connectionId: s.connectionId,
      connectionStatus: s.connectionStatus,
      working: s.working,
      lastRun: s.lastRun ? SyncRunDto.from(s.lastRun) : null,
      currentRun: s.currentRun ? SyncRunDto.from(s.currentRun) : null,
      nextFullSyncAt: s.nextFullSyncAt?.toISOString() ?? null,
      nextAppointmentSyncAt: s.nextAppointmentSyncAt?.toISOString() ?? null,
      onDemandQueued: s.onDemandQueued,
      lastError: s.lastError ? { ...s.lastError, at: s.lastError.at.toISOString() } : null,
      writeQueue: { ...s.writeQueue },
    };
  }
}
