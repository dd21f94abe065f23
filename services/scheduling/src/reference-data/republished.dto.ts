import { ApiProperty } from '@nestjs/swagger';

/** How many of each entity a republish wrote to the outbox. */
export class RepublishedDto {
  @ApiProperty({ example: 4 })
  calendars!: number;

  @ApiProperty({ example: 3 })
  practitioners!: number;

  @ApiProperty({ example: 12 })
  appointmentTypes!: number;

  @ApiProperty({ example: 2500 })
  patients!: number;
}
