import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Length } from 'class-validator';
import {
  LANGUAGES,
  NOTIFICATION_KINDS,
  type Language,
  type NotificationKind,
} from '../templates/notification-kind';

export class TemplatePathDto {
  @IsIn(NOTIFICATION_KINDS, { message: `kind must be one of ${NOTIFICATION_KINDS.join(', ')}` })
  kind!: NotificationKind;

  @IsIn(LANGUAGES, { message: 'language must be nb or en' })
  language!: Language;
}

export class TemplateBodyDto {
  @ApiProperty({ example: 'Timebekreftelse fra {{clinicName}}' })
  @IsString()
  @Length(1, 300)
  subject!: string;

  @ApiProperty({ example: 'Du har time {{dateTime}} hos {{clinicName}}.' })
  @IsString()
  @Length(1, 5000)
  body!: string;
}

export class TemplateDto extends TemplateBodyDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind!: NotificationKind;

  @ApiProperty({ enum: LANGUAGES })
  language!: Language;

  @ApiProperty({ description: 'false: the built-in default is in use' })
  custom!: boolean;
}

export class PreviewRequestDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  @IsIn(NOTIFICATION_KINDS)
  kind!: NotificationKind;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  language!: Language;

  @ApiPropertyOptional({ description: "Unsaved text to try; the clinic's current template when absent" })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  subject?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  body?: string;

  @ApiPropertyOptional({ description: 'Sample variables, e.g. {"patientName": "Kari"}' })
  @IsOptional()
  @IsObject()
  variables?: Record<string, string>;
}

export class PreviewDto {
  @ApiProperty()
  subject!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty({ description: 'HTML e-mail body; every variable escaped' })
  html!: string;
}
