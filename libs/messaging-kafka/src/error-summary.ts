/** What of an error travels in headers and logs: a stable code and a bounded message. */
export interface ErrorSummary {
  code: string;
  message: string;
}

export const ERROR_MESSAGE_LIMIT = 300;

/**
 * Handler errors may quote whatever they were processing, so the message is cut short and never
 * the payload itself; the code is what alerts and runbooks key on.
 */
export function summarizeError(error: unknown): ErrorSummary {
  const err = error as { code?: unknown; name?: unknown; message?: unknown } | null | undefined;
  const code =
    typeof err?.code === 'string' && err.code !== ''
      ? err.code
      : typeof err?.name === 'string' && err.name !== 'Error'
        ? err.name
        : 'handler.failed';
  const raw = typeof err?.message === 'string' ? err.message : String(error);
  const oneLine = raw.replace(/\s+/g, ' ').trim();
  const message =
    oneLine.length > ERROR_MESSAGE_LIMIT ? `${oneLine.slice(0, ERROR_MESSAGE_LIMIT - 1)}…` : oneLine;
  return { code, message };
}
