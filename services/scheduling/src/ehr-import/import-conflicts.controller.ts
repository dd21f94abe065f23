import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { inTenantTransaction } from '@carebus/platform';
import { decodeCursor, toPage } from '../shared/cursor';
import { parseInstant } from '../shared/instant';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../shared/page-query.dto';
import { tenantOf } from '../shared/tenant';

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
}

export class ImportConflictPageDto {
  @ApiProperty({ type: [ImportConflictDto] }) items!: ImportConflictDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** EHR imports that could not be applied, for the clinic to resolve by hand. */
@ApiTags('ehr-import')
@Controller('v1/import-conflicts')
export class ImportConflictsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Roles('clinic_admin', 'staff')
  @ApiOperation({ summary: 'EHR imports recorded as conflicts (oldest first, cursor pages)' })
  @ApiOkResponse({ type: ImportConflictPageDto })
  async list(
    @Query() q: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportConflictPageDto> {
    const clinicId = tenantOf(principal);
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    const afterAt = after ? parseInstant('cursor', after.key) : null;
    const rows: Record<string, unknown>[] = await inTenantTransaction(this.dataSource, clinicId, (m) =>
      m.query(
        `SELECT id, connection_id, external_id, calendar_id, lower(during) AS start_at, upper(during) AS end_at,
                reason, conflicting_appointment_id, detected_at
         FROM scheduling.import_conflicts
         WHERE clinic_id = $1 AND ($2::timestamptz IS NULL OR (detected_at, id) > ($2, $3::uuid))
         ORDER BY detected_at, id LIMIT $4`,
        [clinicId, afterAt, after?.id ?? null, limit + 1],
      ),
    );
    const page = toPage(rows, limit, (r) => ({
      key: (r.detected_at as Date).toISOString(),
      id: r.id as string,
    }));
    return {
      items: page.items.map((r) => ({
        id: r.id as string,
        connectionId: r.connection_id as string,
        externalId: r.external_id as string,
        calendarId: (r.calendar_id as string | null) ?? null,
        start: (r.start_at as Date).toISOString(),
        end: (r.end_at as Date).toISOString(),
        reason: r.reason as string,
        conflictingAppointmentId: (r.conflicting_appointment_id as string | null) ?? null,
        detectedAt: (r.detected_at as Date).toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }
}
