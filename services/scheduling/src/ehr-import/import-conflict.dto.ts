import { ApiProperty } from '@nestjs/swagger';
import type { RecordedConflict } from './import-conflicts.repository';

export class ImportConflictDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty({ description: "The appointment's id in the EHR" }) externalId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) calendarId!: string | null;
  @ApiProperty({ format: 'date-time' }) start!: string;
  @ApiProperty({ format: 'date-time' }) end!: string;
  @ApiProperty({ enum: ['overlaps_booking', 'unmapped_calendar', 'unmapped_appointment_type'] })
  reason!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) conflictingAppointmentId!: string | null;
  @ApiProperty({ format: 'date-time' }) detectedAt!: string;

  static from(c: RecordedConflict): ImportConflictDto {
    return {
      id: c.id,
      connectionId: c.connectionId,
      externalId: c.externalId,
      calendarId: c.calendarId,
      start: c.start.toISOString(),
      end: c.end.toISOString(),
      reason: c.reason,
      conflictingAppointmentId: c.conflictingAppointmentId,
      detectedAt: c.detectedAt.toISOString(),
    };
  }
}

export class ImportConflictPageDto {
  @ApiProperty({ type: [ImportConflictDto] }) items!: ImportConflictDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
