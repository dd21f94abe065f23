import { Readable } from 'node:stream';
import { ValidationError } from '@carebus/errors';

/** AttachFileRequest as @grpc/proto-loader decodes it (oneofs: the set field named in `part`). */
export interface AttachFileRequest {
  part?: 'header' | 'chunk';
  header?: { threadId?: string; messageId?: string; fileName?: string; mediaType?: string } | null;
  chunk?: Buffer;
}
export type AttachFileHeader = NonNullable<AttachFileRequest['header']>;

/** The incoming side of a client-streaming grpc-js call: its parts, read as they come. */
export type AttachFileCall = AsyncIterable<AttachFileRequest> & { resume(): unknown };

const invalid = (message: string) => new ValidationError([{ field: 'part', message }]);

/**
 * Reads an AttachFile stream: the header (the first part), then the bytes as a Readable the
 * upload reads like an HTTP body. The parts are pulled from the call as the upload reads them, so
 * backpressure reaches the client (grpc-js stops reading, HTTP/2 flow control holds the sender
 * back) and a file is never whole in memory.
 */
export async function attachFileStream(
  call: AttachFileCall,
): Promise<{ header: AttachFileHeader; body: Readable }> {
  const parts = call[Symbol.asyncIterator]();
  const first = await parts.next();
  if (first.done || first.value.part !== 'header' || !first.value.header)
    throw invalid('the first part must be the header');
  async function* bytes(): AsyncGenerator<Buffer> {
    for (;;) {
      const next = await parts.next();
      if (next.done) return;
      if (next.value.part !== 'chunk' || !next.value.chunk)
        throw invalid('after the header only chunks follow');
      yield next.value.chunk;
    }
  }
  const body = Readable.from(bytes(), { objectMode: false });
  // Once the upload is done with the body (also on a refusal), what the client still sends is
  // read and dropped: an unread call would hold the HTTP/2 connection's window.
  body.on('close', () => void call.resume());
  return { header: first.value.header, body };
}
