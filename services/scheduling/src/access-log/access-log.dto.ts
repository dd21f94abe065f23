import { ApiProperty } from '@nestjs/swagger';
import type { AuditOutcome } from '@carebus/audit';
import type { AccessLogEntry } from './patient-access';

/** One access to the patient's record: who, what, when, how it ended. Never the data itself. */
export class AccessLogEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Service that recorded the access', example: 'scheduling' })
  service!: string;
  @ApiProperty({
    description: "Who: the token's subject, or `service:<name>` for work a service did itself",
    example: 'user-4711',
  })
  subject!: string;
  @ApiProperty({ description: 'Roles of who accessed, space separated', example: 'practitioner' })
  role!: string;
  @ApiProperty({ type: String, nullable: true, description: 'OAuth client id of a partner system' })
  clientId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The name the actor's token carried, if any" })
  displayName!: string | null;
  @ApiProperty({ example: 'patient.read' }) action!: string;
  @ApiProperty({ example: 'patient' }) resourceType!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null when the access covered a list' })
  resourceId!: string | null;
  @ApiProperty({ enum: ['allowed', 'denied', 'failed'] }) outcome!: AuditOutcome;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;

  static from(e: AccessLogEntry): AccessLogEntryDto {
    return { ...e, occurredAt: e.occurredAt.toISOString() };
  }
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessLogEntryDto] }) items!: AccessLogEntryDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` to read the next (older) page',
  })
  nextCursor!: string | null;
}
