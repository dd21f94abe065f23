import type { ArgumentsHost } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { RefusalRecorder } from '@carebus/audit';
import type { DomainError } from '@carebus/errors';
import { firstValueFrom } from 'rxjs';
import { GrpcErrorFilter } from './grpc-error.filter';

const PHI = 'Jane Phi-Doe';
const unaudited = { answerFor: (error: DomainError) => Promise.resolve(error) } as unknown as RefusalRecorder;

describe('GrpcErrorFilter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers INTERNAL with a generic message and logs the error without its message, query or parameters', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const failure = Object.assign(new Error(`invalid input syntax for type uuid: "${PHI}"`), {
      name: 'QueryFailedError',
      severity: 'ERROR',
      code: '22P02',
      query: 'UPDATE scheduling.appointments SET reason = $1',
      parameters: [PHI],
      detail: `Key (reason)=(${PHI})`,
    });
    const answer = await firstValueFrom(
      new GrpcErrorFilter(unaudited).catch(failure, {} as ArgumentsHost),
    ).catch((e: unknown) => e);
    expect(answer).toMatchObject({ code: 13, details: 'An unexpected error occurred.' });
    expect(logged).toHaveBeenCalledTimes(1);
    const [fields] = logged.mock.calls[0]!;
    expect(fields).toMatchObject({ err: { type: 'QueryFailedError', sqlState: '22P02' } });
    expect(JSON.stringify(fields)).not.toMatch(/Phi-Doe|UPDATE|invalid input/);
  });
});
