import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { AnswerRenewalUseCase } from './answer-renewal.use-case';
import { ConvertThreadUseCase } from './convert-thread.use-case';
import { MarkReadUseCase } from './mark-read.use-case';
import { PostMessageUseCase } from './post-message.use-case';
import { ReadThreadUseCase } from './read-thread.use-case';
import { StartThreadUseCase } from './start-thread.use-case';
import {
  ConvertBodyDto,
  MessageBodyDto,
  MessageDto,
  RenewalAnswerBodyDto,
  StartedThreadDto,
  StartThreadBodyDto,
  ThreadDto,
  ThreadViewDto,
} from './threads.dto';

const NOTE =
  "Staff of this clinic who wrote in the thread or belong to one of its inboxes; another clinic's or an unreachable thread answers 404. Every call is audited.";

/** Dialogues as clinic staff see them (docs/messaging-service.md). */
@ApiTags('Dialogues')
@ApiBearerAuth()
@Roles('clinic_admin', 'practitioner', 'staff')
@AuditedResource('thread')
@Controller('v1/clinics/:clinicId/threads')
export class ThreadsController {
  constructor(
    private readonly start: StartThreadUseCase,
    private readonly read: ReadThreadUseCase,
    private readonly post: PostMessageUseCase,
    private readonly markRead: MarkReadUseCase,
    private readonly convert: ConvertThreadUseCase,
    private readonly renewal: AnswerRenewalUseCase,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Start a dialogue: to a patient, or an internal e-dialogue to colleagues’ inboxes',
  })
  @ApiCreatedResponse({ type: StartedThreadDto })
  async startThread(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Body() body: StartThreadBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StartedThreadDto> {
    const started = await this.start.execute(
      { clinicId, principal },
      {
        kind: body.kind,
        patientId: body.patientId ?? null,
        subject: body.subject,
        body: body.body,
        recipientInboxIds: body.recipientInboxIds ?? [],
      },
    );
    return { thread: ThreadDto.from(started.thread), message: MessageDto.from(started.message) };
  }

  @Get(':threadId')
  @ApiOperation({
    summary: 'A thread with its messages, origin, filing status and renewal items',
    description: NOTE,
  })
  @ApiOkResponse({ type: ThreadViewDto })
  async readThread(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('threadId', ParseUuidPipe) threadId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ThreadViewDto> {
    return ThreadViewDto.from(await this.read.execute({ clinicId, principal }, threadId));
  }

  @Post(':threadId/messages')
  @ApiOperation({
    summary: 'Answer in the thread (reaches the patient through the channel it came from)',
    description: NOTE,
  })
  @ApiCreatedResponse({ type: MessageDto })
  async postMessage(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('threadId', ParseUuidPipe) threadId: string,
    @Body() body: MessageBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MessageDto> {
    return MessageDto.from(await this.post.execute({ clinicId, principal }, threadId, body.body));
  }

  @Post(':threadId/read')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Mark the thread read: lowers your unread counts (or the shared inbox’s)',
    description: NOTE,
  })
  @ApiNoContentResponse()
  async markThreadRead(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('threadId', ParseUuidPipe) threadId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.markRead.execute({ clinicId, principal }, threadId);
  }

  @Post(':threadId/convert')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Convert an e-contact to an e-consultation (filed to the journal), or an answered renewal',
    description: `${NOTE} Anything else answers 409 messaging.conversion_not_allowed.`,
  })
  @ApiOkResponse({ type: ThreadDto })
  async convertThread(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('threadId', ParseUuidPipe) threadId: string,
    @Body() body: ConvertBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ThreadDto> {
    return ThreadDto.from(await this.convert.execute({ clinicId, principal }, threadId, body.to));
  }

  @Post(':threadId/renewal-answer')
  @ApiOperation({
    summary:
      'Answer a prescription renewal: rejected, renewed, cannot_be_renewed or partly_renewed, with a message',
    description: NOTE,
  })
  @ApiCreatedResponse({ type: MessageDto })
  async answerRenewal(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('threadId', ParseUuidPipe) threadId: string,
    @Body() body: RenewalAnswerBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MessageDto> {
    const answer = { outcome: body.outcome, renewedItems: body.renewedItems ?? [], body: body.body };
    return MessageDto.from(await this.renewal.execute({ clinicId, principal }, threadId, answer));
  }
}
