import { ApiProperty } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsIn, IsUUID } from 'class-validator';
import { CHANNELS, type ChannelName } from '../channels/channel';
import { ENABLEMENT_SCOPES, type EnablementScope } from './enablement.repository';

export class EnablementPathDto {
  @IsIn(ENABLEMENT_SCOPES, { message: `scope must be one of ${ENABLEMENT_SCOPES.join(', ')}` })
  scope!: EnablementScope;

  @IsUUID('all', { message: 'scopeId must be a UUID' })
  scopeId!: string;
}

export class EnablementBodyDto {
  @ApiProperty({ enum: CHANNELS, isArray: true, description: 'Enabled channels; [] turns notifications off' })
  @IsArray()
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  channels!: ChannelName[];
}

export class EnablementRuleDto extends EnablementBodyDto {
  @ApiProperty({ enum: ENABLEMENT_SCOPES })
  scope!: EnablementScope;

  @ApiProperty({ format: 'uuid', description: 'Clinic, calendar or appointment type id' })
  scopeId!: string;
}
