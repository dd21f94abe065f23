import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { DomainError, PROBLEM_CONTENT_TYPE, toProblem } from '@carebus/errors';

/**
 * What Node's HTTP parser refuses before any handler runs: a request line and headers over its
 * 16 KiB limit, a request line or header it cannot parse (a NUL in a value, a bad version), a
 * request not received within `requestTimeout`, chunk extensions over their limit. Node answers
 * these with a bare status line; here they get problem+json like every other error. No trace id:
 * no span exists before a request is parsed.
 */
function problemFor(error: NodeJS.ErrnoException): DomainError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new DomainError(
        'headers_too_large',
        'request.headers_too_large',
        'The request line and headers exceed 16 KiB.',
      );
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new DomainError('payload_too_large', 'request.too_large', 'The chunk extensions are too large.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new DomainError('request_timeout', 'request.timeout', 'The request was not received in time.');
    default:
      return new DomainError('invalid', 'request.malformed', 'The request is not valid HTTP/1.1.');
  }
}

/** Answers the server's client errors with problem+json, then closes the connection (as Node does). */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Node's own rule: a peer that reset, or a response already under way, gets nothing more.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const problem = toProblem(problemFor(error));
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  });
}
