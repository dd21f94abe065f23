import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { PageQueryDto, ParseUuidPipe } from '@carebus/platform';
import { ListThreadsUseCase } from '../dialogues/list-threads.use-case';
import { ThreadDto, ThreadPageDto } from '../dialogues/threads.dto';

export class InboxDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['personal', 'shared'] }) kind!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unitId!: string | null;
  @ApiProperty({
    description:
      'Unread messages for you (or for the inbox, when the clinic clears shared inboxes per inbox)',
  })
  unread!: number;
}

export class InboxListDto {
  @ApiProperty({ type: [InboxDto] }) items!: InboxDto[];
}

/** The caller's inboxes (personal and their units' shared ones) with unread counts, and their threads. */
@ApiTags('Inboxes')
@ApiBearerAuth()
@Roles('clinic_admin', 'practitioner', 'staff')
@AuditedResource('inbox')
@Controller('v1/clinics/:clinicId/inboxes')
export class InboxesController {
  constructor(private readonly lists: ListThreadsUseCase) {}

  @Get()
  @ApiOperation({ summary: 'My inboxes with their unread counts' })
  @ApiOkResponse({ type: InboxListDto })
  async listInboxes(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InboxListDto> {
    return { items: await this.lists.inboxesOf({ clinicId, principal }) };
  }

  @Get(':inboxId/threads')
  @ApiOperation({ summary: 'The threads of one of my inboxes, latest activity first (audited)' })
  @ApiOkResponse({ type: ThreadPageDto })
  async listInboxThreads(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('inboxId', ParseUuidPipe) inboxId: string,
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ThreadPageDto> {
    const page = await this.lists.inboxThreads({ clinicId, principal }, inboxId, pageRequest(query));
    return { items: page.items.map((t) => ThreadDto.from(t)), nextCursor: page.nextCursor };
  }
}
