/**
 * What of an error may be logged: its class, its code (a DomainError's, a Node or driver code),
 * PostgreSQL's SQLSTATE and constraint name, and the stack frames of our own code. Never its
 * message, nor what database errors carry (query text, parameters, the driver's `detail` and
 * `where`, `driverError`), nor a body: any of them may quote patient data (`Key (national_id)=…`,
 * `invalid input syntax for type uuid: "…"`, a request body a parser kept).
 */
export interface ErrorDescription {
  type: string;
  code?: string;
  sqlState?: string;
  constraint?: string;
  /** `at …` lines outside node_modules and Node's internals, at most MAX_FRAMES. */
  stack?: string;
  cause?: ErrorDescription;
}

const MAX_FRAMES = 10;
const MAX_CAUSES = 3;
/** Codes and names are identifiers we or a library chose; anything else is not logged. */
const IDENTIFIER = /^[A-Za-z0-9_.:-]{1,64}$/;
const SQLSTATE = /^[0-9A-Z]{5}$/;

interface ErrorFields {
  name?: unknown;
  type?: unknown;
  code?: unknown;
  sqlState?: unknown;
  constraint?: unknown;
  severity?: unknown;
  stack?: unknown;
  message?: unknown;
  cause?: unknown;
  driverError?: unknown;
}

/**
 * The loggable description of `error`. Idempotent: a description described again stays the same,
 * so the logger's `err` serializer can apply it to whatever a caller already described.
 */
export function describeError(error: unknown, causes = MAX_CAUSES): ErrorDescription {
  if (typeof error !== 'object' || error === null) return { type: typeof error };
  const fields = error as ErrorFields;
  const driver = (typeof fields.driverError === 'object' ? fields.driverError : null) as ErrorFields | null;
  const description: ErrorDescription = { type: typeOf(error) };
  const sqlState = sqlStateOf(fields) ?? (driver ? sqlStateOf(driver) : undefined);
  if (sqlState) description.sqlState = sqlState;
  else if (identifier(fields.code)) description.code = fields.code as string;
  const constraint = identifier(fields.constraint) ? fields.constraint : driver?.constraint;
  if (identifier(constraint)) description.constraint = constraint as string;
  const stack = ownFrames(fields);
  if (stack) description.stack = stack;
  if (fields.cause !== undefined && causes > 0) description.cause = describeError(fields.cause, causes - 1);
  return description;
}

function typeOf(error: object): string {
  const fields = error as ErrorFields;
  const className = identifier(error.constructor?.name) ? error.constructor.name : undefined;
  if (error instanceof Error) {
    // A subclass that kept the name `Error` is still better known by its class.
    if (identifier(fields.name) && fields.name !== 'Error') return fields.name as string;
    return className ?? 'Error';
  }
  // A description already made (its `type`), or some other thrown object (its class).
  if (identifier(fields.type)) return fields.type as string;
  return className ?? 'object';
}

/** pg's DatabaseError (and TypeORM's copy of its fields): a five-character code with a severity. */
function sqlStateOf(fields: ErrorFields): string | undefined {
  if (typeof fields.sqlState === 'string' && SQLSTATE.test(fields.sqlState)) return fields.sqlState;
  const isDatabaseError = typeof fields.severity === 'string';
  return isDatabaseError && typeof fields.code === 'string' && SQLSTATE.test(fields.code)
    ? fields.code
    : undefined;
}

function identifier(value: unknown): boolean {
  return typeof value === 'string' && IDENTIFIER.test(value);
}

/**
 * The frames of the stack, without the header line(s) V8 puts first: `Name: message`, where the
 * message may span lines. Only the run of `at` lines at the end counts, after the message.
 */
function ownFrames(fields: ErrorFields): string | undefined {
  if (typeof fields.stack !== 'string') return undefined;
  let stack = fields.stack;
  const message = typeof fields.message === 'string' ? fields.message : '';
  if (message !== '' && stack.includes(message)) stack = stack.slice(stack.indexOf(message) + message.length);
  const lines = stack.split('\n');
  const frames: string[] = [];
  for (let i = lines.length - 1; i >= 0 && /^\s*at /.test(lines[i]!); i--) frames.unshift(lines[i]!.trim());
  const ours = frames.filter((frame) => !/node_modules|\(node:|at node:/.test(frame)).slice(0, MAX_FRAMES);
  return ours.length > 0 ? ours.join('\n') : undefined;
}
