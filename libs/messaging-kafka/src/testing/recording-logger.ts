import type { ConsumerLogger } from '../consumer-logger';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

/** Keeps a runner's logs in memory, so tests stay quiet and can assert on what was logged. */
export function recordingLogger(): ConsumerLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const record =
    (level: LogEntry['level']) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      entries.push({ level, message, fields });
    };
  return { entries, info: record('info'), warn: record('warn'), error: record('error') };
}
