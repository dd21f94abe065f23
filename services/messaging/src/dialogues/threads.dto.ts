import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  AUTHOR_KINDS,
  DIRECTIONS,
  JOURNAL_STATUSES,
  RENEWAL_OUTCOMES,
  THREAD_KINDS,
  THREAD_ORIGINS,
  type Message,
  type PrescriptionItem,
  type RenewalOutcome,
  type Thread,
  type ThreadKind,
} from '../threads/thread';
import type { ThreadView } from './read-thread.use-case';

const BODY_NOTE = 'Patient data: stored, shown to the thread’s readers, never logged.';

export class MessageBodyDto {
  @ApiProperty({ minLength: 1, maxLength: 20000, description: BODY_NOTE })
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  body!: string;
}

export class PrescriptionRequestDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ maxLength: 100 }) @IsString() @MaxLength(100) strength!: string;
  @ApiProperty({ maxLength: 200 }) @IsString() @MaxLength(200) dosage!: string;
}

export class StartThreadBodyDto extends MessageBodyDto {
  @ApiProperty({ enum: ['e_contact', 'e_consultation', 'e_dialogue'] })
  @IsIn(['e_contact', 'e_consultation', 'e_dialogue'])
  kind!: Exclude<ThreadKind, 'prescription_renewal'>;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The patient written to; omit for an internal e-dialogue.',
  })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  subject!: string;

  @ApiPropertyOptional({ type: [String], description: 'Colleagues’ inboxes (internal e-dialogue).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID(undefined, { each: true })
  recipientInboxIds?: string[];
}

export class SubmitDialogueBodyDto extends MessageBodyDto {
  @ApiProperty({ enum: THREAD_KINDS })
  @IsIn(THREAD_KINDS)
  kind!: ThreadKind;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  subject!: string;

  @ApiPropertyOptional({
    type: [PrescriptionRequestDto],
    description: 'prescription_renewal: what to renew.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PrescriptionRequestDto)
  prescriptions?: PrescriptionRequestDto[];
}

export class ConvertBodyDto {
  @ApiProperty({ enum: ['e_contact', 'e_consultation'] })
  @IsIn(['e_contact', 'e_consultation'])
  to!: 'e_contact' | 'e_consultation';
}

export class RenewalAnswerBodyDto extends MessageBodyDto {
  @ApiProperty({ enum: RENEWAL_OUTCOMES })
  @IsIn(RENEWAL_OUTCOMES)
  outcome!: RenewalOutcome;

  @ApiPropertyOptional({
    type: [Number],
    description: 'partly_renewed: positions (from 1) of the renewed items.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(50, { each: true })
  renewedItems?: number[];
}

export class ThreadDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: THREAD_KINDS }) kind!: string;
  @ApiProperty({
    enum: THREAD_ORIGINS,
    description: 'national_portal threads are shown as from helsenorge.no',
  })
  origin!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) patientId!: string | null;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: AUTHOR_KINDS }) createdByKind!: string;
  @ApiProperty({ enum: THREAD_KINDS, nullable: true, type: String }) convertedFrom!: string | null;
  @ApiProperty({ enum: JOURNAL_STATUSES, nullable: true, type: String }) journalStatus!: string | null;
  @ApiProperty({ enum: RENEWAL_OUTCOMES, nullable: true, type: String }) renewalOutcome!: string | null;
  @ApiProperty({ description: 'practitioner, receiver, both (routed) or addressed (started by staff)' })
  routingMode!: string;
  @ApiProperty() messageCount!: number;
  @ApiProperty() lastMessageAt!: string;
  @ApiProperty() createdAt!: string;

  static from(t: Thread): ThreadDto {
    return {
      id: t.id,
      kind: t.kind,
      origin: t.origin,
      patientId: t.patientId,
      subject: t.subject,
      createdByKind: t.createdByKind,
      convertedFrom: t.convertedFrom,
      journalStatus: t.journalStatus,
      renewalOutcome: t.renewalOutcome,
      routingMode: t.routing.mode,
      messageCount: t.messageCount,
      lastMessageAt: t.lastMessageAt.toISOString(),
      createdAt: t.createdAt.toISOString(),
    };
  }
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ enum: AUTHOR_KINDS }) authorKind!: string;
  @ApiProperty() authorSubject!: string;
  @ApiProperty({ enum: DIRECTIONS }) direction!: string;
  @ApiProperty({ description: BODY_NOTE }) body!: string;
  @ApiProperty({ enum: RENEWAL_OUTCOMES, nullable: true, type: String }) renewalOutcome!: string | null;
  @ApiProperty() createdAt!: string;

  static from(m: Message): MessageDto {
    return {
      id: m.id,
      seq: m.seq,
      authorKind: m.authorKind,
      authorSubject: m.authorSubject,
      direction: m.direction,
      body: m.body,
      renewalOutcome: m.renewalOutcome,
      createdAt: m.createdAt.toISOString(),
    };
  }
}

export class PrescriptionItemDto extends PrescriptionRequestDto {
  @ApiProperty() position!: number;
  @ApiProperty({ nullable: true, type: Boolean }) renewed!: boolean | null;

  static from(i: PrescriptionItem): PrescriptionItemDto {
    return { ...i };
  }
}

export class ThreadViewDto {
  @ApiProperty({ type: ThreadDto }) thread!: ThreadDto;
  @ApiProperty({ type: [MessageDto] }) messages!: MessageDto[];
  @ApiProperty({ type: [PrescriptionItemDto] }) prescriptions!: PrescriptionItemDto[];

  static from(v: ThreadView): ThreadViewDto {
    return {
      thread: ThreadDto.from(v.thread),
      messages: v.messages.map((m) => MessageDto.from(m)),
      prescriptions: v.prescriptions.map((i) => PrescriptionItemDto.from(i)),
    };
  }
}

export class StartedThreadDto {
  @ApiProperty({ type: ThreadDto }) thread!: ThreadDto;
  @ApiProperty({ type: MessageDto }) message!: MessageDto;
}

export class ThreadPageDto {
  @ApiProperty({ type: [ThreadDto] }) items!: ThreadDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
