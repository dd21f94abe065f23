import { ApiProperty } from '@nestjs/swagger';
import type { WriteItem } from './write-item';

/** A write to the EHR as operators see it: ids, kind, status and codes; never the payload. */
export class WriteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty({ enum: ['appointment', 'journal_entry'] }) subjectType!: string;
  @ApiProperty({ format: 'uuid', description: 'The Carebus appointment or journal entry' })
  subjectId!: string;
  @ApiProperty({ enum: ['create', 'reschedule', 'cancel', 'note'] }) kind!: string;
  @ApiProperty({ enum: ['pending', 'done', 'parked'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why it is parked, or the last failure' })
  errorCode!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The EHR's id of what was written" })
  externalId!: string | null;
  @ApiProperty({ format: 'date-time' }) enqueuedAt!: string;
  @ApiProperty({ format: 'date-time' }) nextAttemptAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;

  static from(w: WriteItem): WriteDto {
    return {
      id: w.id,
      connectionId: w.connectionId,
      subjectType: w.subjectType,
      subjectId: w.subjectId,
      kind: w.kind,
      status: w.status,
      attempts: w.attempts,
      errorCode: w.lastErrorCode,
      externalId: w.externalId,
      enqueuedAt: w.enqueuedAt.toISOString(),
      nextAttemptAt: w.nextAttemptAt.toISOString(),
      finishedAt: w.finishedAt?.toISOString() ?? null,
    };
  }
}

export class WritePageDto {
  @ApiProperty({ type: [WriteDto] }) items!: WriteDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to read the next page' })
  nextCursor!: string | null;
}
