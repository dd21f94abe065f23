import { Controller, Get, HttpCode, Param, Post, Query, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@carebus/auth';
import { createValidationPipe, ValidationError } from '@carebus/errors';
import type { DeadLetter, DeadLetterDetail } from '../dead-letters/dead-letter';
import { DeadLetterStore, type ReplayResult } from '../dead-letters/dead-letter-store';
import { DeadLetterLocationDto, DeadLetterQueryDto } from './dead-letter-query.dto';

/** Operator API over the dead-letter topics; never returns decoded payloads, only base64. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('operator')
@UsePipes(createValidationPipe())
@Controller('v1/admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly store: DeadLetterStore) {}

  @Get()
  async list(@Query() query: DeadLetterQueryDto): Promise<{ items: DeadLetter[] }> {
    const since = query.since ? new Date(query.since) : undefined;
    const until = query.until ? new Date(query.until) : undefined;
    if (since && until && since > until) {
      throw new ValidationError([{ field: 'since', message: 'since must not be after until' }]);
    }
    const items = await this.store.list({
      ...(query.topic ? { topic: query.topic } : {}),
      ...(query.group ? { group: query.group } : {}),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
    });
    return { items };
  }

  @Get(':topic/:partition/:offset')
  show(@Param() at: DeadLetterLocationDto): Promise<DeadLetterDetail> {
    return this.store.show(at.topic, at.partition, at.offset);
  }

  @Post(':topic/:partition/:offset/replay')
  @HttpCode(200)
  replay(@Param() at: DeadLetterLocationDto): Promise<ReplayResult> {
    return this.store.replay(at.topic, at.partition, at.offset);
  }
}
