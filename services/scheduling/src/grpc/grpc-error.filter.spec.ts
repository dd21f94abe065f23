import { Logger } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { GrpcErrorFilter } from './grpc-error.filter';

const PHI = 'Jane Phi-Doe';

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
    const answer = await firstValueFrom(new GrpcErrorFilter().catch(failure)).catch((e: unknown) => e);
    expect(answer).toMatchObject({ code: 13, details: 'An unexpected error occurred.' });
    expect(logged).toHaveBeenCalledTimes(1);
    const [fields] = logged.mock.calls[0]!;
    expect(fields).toMatchObject({ err: { type: 'QueryFailedError', sqlState: '22P02' } });
    expect(JSON.stringify(fields)).not.toMatch(/Phi-Doe|UPDATE|invalid input/);
  });
});
