import {
  Body,
  Controller,
  Get,
  type DynamicModule,
  type INestApplication,
  Module,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, ValidateNested } from 'class-validator';
import { QueryFailedError } from 'typeorm';
import { RefusalRecorder } from '@carebus/audit';
import type { DomainError } from '@carebus/errors';
import { createLoggerModule, HttpMetricsMiddleware, MetricsRegistry } from '@carebus/observability';
import { createServiceApp } from '../src/create-service-app';

/** Patient data a broken statement would carry; none of it may reach a log line or a body. */
export const PHI = { name: 'Jane Phi-Doe', nationalId: '010203-1234', phone: '+45 20 30 40 50' };

/** pg's error for a NUL in a text value, with the fields pg and TypeORM attach to it. */
function brokenStatement(): QueryFailedError {
  const driverError = Object.assign(new Error(`invalid byte sequence for encoding "UTF8": 0x00`), {
    severity: 'ERROR',
    code: '22021',
    constraint: 'patients_national_id_key',
    detail: `Key (national_id)=(${PHI.nationalId}) already exists.`,
    where: `unnamed portal parameter $1 = '${PHI.name}'`,
  });
  return new QueryFailedError(
    'INSERT INTO scheduling.patients (name, national_id, phone) VALUES ($1, $2, $3)',
    [PHI.name, PHI.nationalId, PHI.phone],
    driverError,
  );
}

@Controller('v1/faults')
class FaultsController {
  @Get('statement')
  statement(): never {
    throw brokenStatement();
  }

  @Get('message')
  message(): never {
    throw new Error(`no appointment for ${PHI.name} (${PHI.nationalId})`);
  }
}

class ContactDto {
  @IsString()
  email!: string;
}

class ThingDto {
  @IsString()
  name!: string;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  tags?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;
}

class ThingSearchDto {
  @IsOptional()
  @IsString()
  name?: string;
}

/** Routes that take a body, a query and a path parameter, and echo what they were given. */
@Controller('v1/things')
class ThingsController {
  @Post()
  create(@Body() thing: ThingDto): ThingDto {
    return thing;
  }

  @Get()
  search(@Query() query: ThingSearchDto): ThingSearchDto {
    return query;
  }

  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Patch(':id')
  rename(@Param('id') id: string, @Body() thing: ThingDto): { id: string; name: string } {
    return { id, name: thing.name };
  }

  /** A command without a body, as `POST /v1/appointments/{id}/no-show`. */
  @Post(':id/archive')
  @HttpCode(204)
  archive(): void {}
}

/** What a log destination received, one parsed pino line each. */
export class CapturedLog {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

@Module({})
class EdgeAppModule {
  static forRoot(log: CapturedLog): DynamicModule {
    return {
      module: EdgeAppModule,
      imports: [createLoggerModule({ serviceName: 'edge-test', level: 'info', destination: log })],
      controllers: [FaultsController, ThingsController],
      providers: [
        MetricsRegistry,
        HttpMetricsMiddleware,
        // No principals and no audit trail here: every error is answered as it is.
        { provide: RefusalRecorder, useValue: { answerFor: (error: DomainError) => Promise.resolve(error) } },
      ],
    };
  }
}

export interface EdgeApp {
  app: INestApplication;
  url: string;
  log: CapturedLog;
}

/** createServiceApp's edge (errors, validation, logging) around test routes, no database or Kafka. */
export async function startEdgeApp(): Promise<EdgeApp> {
  const log = new CapturedLog();
  const app = await createServiceApp(EdgeAppModule.forRoot(log), { serviceName: 'edge-test' });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, log };
}
