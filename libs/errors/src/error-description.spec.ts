import { ConflictError } from './domain-error';
import { describeError } from './error-description';

const PHI = 'Jane Phi-Doe 010203-1234';

/** pg's DatabaseError as TypeORM's QueryFailedError wraps it: every field copied onto the error. */
function queryFailed(): Error {
  const driverError = Object.assign(new Error(`invalid input syntax for type uuid: "${PHI}"`), {
    severity: 'ERROR',
    code: '22P02',
    detail: `Key (name)=(${PHI}) already exists.`,
    where: `portal parameter $1 = '${PHI}'`,
  });
  const error = Object.assign(new Error(driverError.message), {
    ...driverError,
    query: 'SELECT * FROM scheduling.patients WHERE name = $1',
    parameters: [PHI],
    driverError,
  });
  error.name = 'QueryFailedError';
  return error;
}

describe('describeError', () => {
  it('keeps class, SQLSTATE, constraint and frames; never message, query, parameters, detail or where', () => {
    const error = queryFailed();
    Object.assign(error, { constraint: 'patients_name_key' });
    const described = describeError(error);
    expect(described).toMatchObject({
      type: 'QueryFailedError',
      sqlState: '22P02',
      constraint: 'patients_name_key',
    });
    expect(described.stack).toMatch(/^at .*error-description\.spec\.ts/);
    expect(JSON.stringify(described)).not.toMatch(/Phi-Doe|010203|SELECT|invalid input/);
  });

  it("reads SQLSTATE and constraint from TypeORM's driverError when the error lacks them", () => {
    const driverError = { severity: 'ERROR', code: '23505', constraint: 'patients_national_id_key' };
    expect(describeError(Object.assign(new Error('x'), { driverError }))).toMatchObject({
      sqlState: '23505',
      constraint: 'patients_national_id_key',
    });
  });

  it("keeps a DomainError's or a Node error's code, and the causes", () => {
    const cause = Object.assign(new Error(`connect ECONNREFUSED for ${PHI}`), { code: 'ECONNREFUSED' });
    const error = new ConflictError('scheduling.slot_taken', `taken by ${PHI}`);
    Object.defineProperty(error, 'cause', { value: cause });
    const described = describeError(error);
    expect(described).toMatchObject({
      type: 'ConflictError',
      code: 'scheduling.slot_taken',
      cause: { type: 'Error', code: 'ECONNREFUSED' },
    });
    expect(JSON.stringify(described)).not.toContain('Phi-Doe');
  });

  it('drops a message spanning lines, even one whose lines look like frames', () => {
    const error = new Error(`first line\n    at ${PHI} (patient.ts:1:1)`);
    expect(describeError(error).stack).not.toContain('Phi-Doe');
  });

  it("keeps no code that is not an identifier, and no frames from node_modules or Node's internals", () => {
    const error = Object.assign(new Error('x'), { code: `bad ${PHI}` });
    error.stack =
      'Error: x\n    at run (/app/node_modules/pg/lib/client.js:1:1)\n    at next (node:internal/a:1:1)';
    expect(describeError(error)).toEqual({ type: 'Error' });
  });

  it("describes pino's serialized copy of an error the same way, and a description again unchanged", () => {
    const error = queryFailed();
    const serialized = { ...error, type: 'QueryFailedError', message: error.message, stack: error.stack };
    const described = describeError(serialized);
    expect(described).toEqual(describeError(error));
    expect(describeError(described)).toEqual(described);
  });

  it('never prints a thrown value that is no object', () => {
    expect(describeError(`patient ${PHI}`)).toEqual({ type: 'string' });
    expect(describeError(undefined)).toEqual({ type: 'undefined' });
  });
});
