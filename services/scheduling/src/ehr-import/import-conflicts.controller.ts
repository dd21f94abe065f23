import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClinicId, Roles } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { PageQueryDto } from '@carebus/platform';
import { ImportConflictDto, ImportConflictPageDto } from './import-conflict.dto';
import { ImportConflictsService } from './import-conflicts.service';

/** EHR imports that could not be applied, for the clinic to resolve by hand. */
@ApiTags('ehr-import')
@Controller('v1/import-conflicts')
export class ImportConflictsController {
  constructor(private readonly conflicts: ImportConflictsService) {}

  @Get()
  @Roles('clinic_admin', 'staff')
  @ApiOperation({ summary: 'EHR imports recorded as conflicts (oldest first, cursor pages)' })
  @ApiOkResponse({ type: ImportConflictPageDto })
  async list(@Query() q: PageQueryDto, @ClinicId() clinicId: string): Promise<ImportConflictPageDto> {
    const page = await this.conflicts.list(
      clinicId,
      pageRequest({ limit: q.limit, cursor: q.cursor || undefined }),
    );
    return { items: page.items.map(ImportConflictDto.from), nextCursor: page.nextCursor };
  }
}
