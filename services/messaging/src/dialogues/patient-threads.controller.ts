import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { PageQueryDto, ParseUuidPipe } from '@carebus/platform';
import { ListThreadsUseCase } from './list-threads.use-case';
import { PostMessageUseCase } from './post-message.use-case';
import { ReadThreadUseCase } from './read-thread.use-case';
import { SubmitDialogueUseCase } from './submit-dialogue.use-case';
import {
  MessageBodyDto,
  MessageDto,
  StartedThreadDto,
  SubmitDialogueBodyDto,
  ThreadDto,
  ThreadPageDto,
  ThreadViewDto,
} from './threads.dto';

const NOTE =
  "The token's patient (claim patient_id) only; a guardian never sees a thread about a hidden appointment. Audited.";

/** A patient's (or guardian's) own dialogues from the clinic's app or patient portal. */
@ApiTags('Dialogues (patient)')
@ApiBearerAuth()
@Roles('patient', 'guardian')
@AuditedResource('thread')
@Controller('v1/clinics/:clinicId/my/threads')
export class PatientThreadsController {
  constructor(
    private readonly submit: SubmitDialogueUseCase,
    private readonly lists: ListThreadsUseCase,
    private readonly read: ReadThreadUseCase,
    private readonly post: PostMessageUseCase,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Send a dialogue or a prescription renewal request to the clinic',
    description: NOTE,
  })
  @ApiCreatedResponse({ type: StartedThreadDto })
  async submitDialogue(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Body() body: SubmitDialogueBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StartedThreadDto> {
    const started = await this.submit.execute(
      { clinicId, principal },
      { kind: body.kind, subject: body.subject, body: body.body, prescriptions: body.prescriptions ?? [] },
    );
    return { thread: ThreadDto.from(started.thread), message: MessageDto.from(started.message) };
  }

  @Get()
  @ApiOperation({ summary: 'My threads, latest activity first', description: NOTE })
  @ApiOkResponse({ type: ThreadPageDto })
  async listMine(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ThreadPageDto> {
    const page = await this.lists.ofPatient({ clinicId, principal }, pageRequest(query));
    return { items: page.items.map((t) => ThreadDto.from(t)), nextCursor: page.nextCursor };
  }

  @Get(':threadId')
  @ApiOperation({ summary: 'One of my threads with its messages', description: NOTE })
  @ApiOkResponse({ type: ThreadViewDto })
  async readMine(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('threadId', ParseUuidPipe) threadId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ThreadViewDto> {
    return ThreadViewDto.from(await this.read.execute({ clinicId, principal }, threadId));
  }

  @Post(':threadId/messages')
  @ApiOperation({ summary: 'Write in one of my threads', description: NOTE })
  @ApiCreatedResponse({ type: MessageDto })
  async replyMine(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('threadId', ParseUuidPipe) threadId: string,
    @Body() body: MessageBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MessageDto> {
    return MessageDto.from(await this.post.execute({ clinicId, principal }, threadId, body.body));
  }
}
