import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedResource, MAX_AUDIT_REASON_LENGTH } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { createValidationPipe, ValidationError } from '@carebus/errors';
import { BREAK_GLASS_REASON_HEADER, DEAD_LETTER_PAYLOAD_SCOPE } from '../dead-letters/dead-letter-errors';
import type { DeadLetterMetadata, DeadLetterPayload } from '../dead-letters/dead-letter-metadata';
import type { PurgeResult, ReplayResult } from '../dead-letters/dead-letter-store';
import { DeadLetterAdmin } from './dead-letter-admin';
import { DeadLetterLocationDto, DeadLetterPurgeDto, DeadLetterQueryDto } from './dead-letter-query.dto';

const REASON_HEADER = BREAK_GLASS_REASON_HEADER.toLowerCase();

/** How the OpenAPI document names the break-glass header. */
const BreakGlassHeader = () =>
  ApiHeader({
    name: BREAK_GLASS_REASON_HEADER,
    required: true,
    description:
      `Why (an incident or ticket, never patient data): 1–${MAX_AUDIT_REASON_LENGTH} characters, ` +
      `no control characters, kept in the audit row. Also needs the token scope ${DEAD_LETTER_PAYLOAD_SCOPE}.`,
  });

/**
 * Admin API over the dead-letter topics. Platform operators see every clinic's dead letters,
 * clinic admins their clinic's; lists and shows are metadata only. The payload, a replay and a
 * purge are break-glass (scope plus `Break-Glass-Reason`), audited with the reason
 * (`DeadLetterAdmin`); a refusal is audited at the edge, with the reason when one was given.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('operator', 'clinic_admin')
@UsePipes(createValidationPipe())
@Controller('v1/admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly admin: DeadLetterAdmin) {}

  @Get()
  @ApiOperation({ summary: "Dead letters' metadata, oldest first (a clinic admin: its clinic's)" })
  @AuditedResource('dead_letter', { id: null, action: 'dead_letter.list' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: DeadLetterQueryDto,
  ): Promise<{ items: DeadLetterMetadata[] }> {
    const since = query.since ? new Date(query.since) : undefined;
    const until = query.until ? new Date(query.until) : undefined;
    if (since && until && since > until) {
      throw new ValidationError([{ field: 'since', message: 'since must not be after until' }]);
    }
    const items = await this.admin.list(principal, {
      ...(query.topic ? { topic: query.topic } : {}),
      ...(query.group ? { group: query.group } : {}),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
    });
    return { items };
  }

  @Get(':topic/:partition/:offset')
  @ApiOperation({ summary: "One dead letter's metadata (no key, headers, error message or payload)" })
  @AuditedResource('dead_letter', { id: null, action: 'dead_letter.read' })
  show(
    @CurrentPrincipal() principal: Principal,
    @Param() at: DeadLetterLocationDto,
  ): Promise<DeadLetterMetadata> {
    return this.admin.show(principal, at);
  }

  @Get(':topic/:partition/:offset/payload')
  @ApiOperation({ summary: 'Break-glass: one dead letter with its key, headers and payload (base64)' })
  @BreakGlassHeader()
  @AuditedResource('dead_letter', {
    id: null,
    action: 'dead_letter.read_payload',
    reasonHeader: BREAK_GLASS_REASON_HEADER,
  })
  payload(
    @CurrentPrincipal() principal: Principal,
    @Param() at: DeadLetterLocationDto,
    @Headers(REASON_HEADER) reason: string | undefined,
  ): Promise<DeadLetterPayload> {
    return this.admin.payload(principal, at, reason);
  }

  @Post(':topic/:partition/:offset/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Break-glass: re-publish a dead letter unchanged to its original topic' })
  @BreakGlassHeader()
  @AuditedResource('dead_letter', {
    id: null,
    action: 'dead_letter.replay',
    reasonHeader: BREAK_GLASS_REASON_HEADER,
  })
  replay(
    @CurrentPrincipal() principal: Principal,
    @Param() at: DeadLetterLocationDto,
    @Headers(REASON_HEADER) reason: string | undefined,
  ): Promise<ReplayResult> {
    return this.admin.replay(principal, at, reason);
  }

  @Post('purge')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({
    summary: "Break-glass, platform operators only: delete a topic's dead letters written before a time",
  })
  @BreakGlassHeader()
  @AuditedResource('dead_letter', {
    id: null,
    action: 'dead_letter.purge',
    reasonHeader: BREAK_GLASS_REASON_HEADER,
  })
  async purge(
    @CurrentPrincipal() principal: Principal,
    @Body() body: DeadLetterPurgeDto,
    @Headers(REASON_HEADER) reason: string | undefined,
  ): Promise<{ purged: PurgeResult[] }> {
    const purge = {
      topic: body.topic,
      ...(body.group ? { group: body.group } : {}),
      before: new Date(body.before),
    };
    return { purged: await this.admin.purge(principal, purge, reason) };
  }
}
