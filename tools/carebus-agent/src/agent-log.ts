/** Fields of one log line: identifiers, counts and codes only, never patient data or key material. */
export type LogFields = Record<string, string | number | boolean | undefined>;

/** Structured JSON lines on stderr (stdout stays free for the CLI's own answers). */
export class AgentLog {
  constructor(private readonly base: LogFields = {}) {}

  info(msg: string, fields: LogFields = {}): void {
    this.write('info', msg, fields);
  }

  warn(msg: string, fields: LogFields = {}): void {
    this.write('warn', msg, fields);
  }

  error(msg: string, fields: LogFields = {}): void {
    this.write('error', msg, fields);
  }

  child(fields: LogFields): AgentLog {
    return new AgentLog({ ...this.base, ...fields });
  }

  private write(level: string, msg: string, fields: LogFields): void {
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...this.base, ...fields })}\n`,
    );
  }
}
