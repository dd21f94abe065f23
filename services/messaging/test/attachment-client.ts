import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { request, type IncomingHttpHeaders } from 'node:http';

export interface UploadSpec {
  contentType: string;
  /** The whole Content-Disposition header; a plain `attachment; filename*=…` for `fileName` by default. */
  disposition?: string;
  fileName?: string;
  /** The first bytes (a magic number), then `size - head.length` filler bytes. */
  head: Buffer;
  size: number;
  /** Filler: random bytes, or printable ASCII text. */
  fill?: 'random' | 'text';
  /** Send Transfer-Encoding: chunked instead of a Content-Length. */
  chunked?: boolean;
}

export interface UploadAnswer {
  status: number;
  body: Record<string, unknown>;
  /** SHA-256 (hex) of every byte the client sent. */
  sentSha256: string;
}

const PIECE = 64 * 1024;
const TEXT = Buffer.from(
  'Blodtrykk 120/80, puls 64. Ingen endring i medisiner siden sist.\n'.repeat(1100),
).subarray(0, PIECE);

/** Streams a generated file to the service (never holding it whole) and reads the JSON answer. */
export async function uploadFile(
  baseUrl: string,
  path: string,
  token: string,
  spec: UploadSpec,
): Promise<UploadAnswer> {
  const url = new URL(path, baseUrl);
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'content-type': spec.contentType,
    'content-disposition':
      spec.disposition ?? `attachment; filename*=UTF-8''${encodeURIComponent(spec.fileName ?? 'file.bin')}`,
  };
  if (!spec.chunked) headers['content-length'] = String(spec.size);
  const req = request(url, { method: 'POST', headers });
  const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (piece: string) => (text += piece));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.once('error', reject);
    });
    req.once('error', reject);
  });
  const hash = createHash('sha256');
  let answer: { status: number; text: string } | undefined;
  void answered.then((a) => (answer = a)).catch(() => undefined);
  try {
    let sent = 0;
    while (sent < spec.size && answer === undefined) {
      const piece =
        sent === 0
          ? Buffer.concat([spec.head, filler(spec, PIECE - spec.head.length)]).subarray(0, spec.size)
          : filler(spec, Math.min(PIECE, spec.size - sent));
      hash.update(piece);
      sent += piece.length;
      if (!req.write(piece)) await Promise.race([once(req, 'drain'), answered]);
    }
    req.end();
  } catch {
    // The service answered (and closed) before the whole body was sent: its answer still counts.
  }
  const { status, text } = await answered;
  return {
    status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    sentSha256: hash.digest('hex'),
  };
}

function filler(spec: UploadSpec, n: number): Buffer {
  const size = Math.max(0, n);
  return spec.fill === 'text' ? TEXT.subarray(0, size) : randomBytes(size);
}

export interface DownloadAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  size: number;
  sha256: string;
  /** The body as text when it is a problem (JSON), else ''. */
  problem: Record<string, unknown> | undefined;
  /** True when the connection ended before Content-Length bytes arrived. */
  cutShort: boolean;
}

/** Streams a download, hashing it as it arrives. */
export function downloadFile(baseUrl: string, path: string, token: string): Promise<DownloadAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, baseUrl), { headers: { authorization: `Bearer ${token}` } }, (res) => {
      const hash = createHash('sha256');
      const json = /json/.test(res.headers['content-type'] ?? '');
      let size = 0;
      let text = '';
      const done = (cutShort: boolean) =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          size,
          sha256: hash.digest('hex'),
          problem: json && text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
          cutShort,
        });
      res.on('data', (piece: Buffer) => {
        size += piece.length;
        hash.update(piece);
        if (json) text += piece.toString();
      });
      res.once('end', () =>
        done(res.headers['content-length'] !== undefined && size !== Number(res.headers['content-length'])),
      );
      res.once('aborted', () => done(true));
      res.once('error', () => done(true));
    });
    req.once('error', reject);
    req.end();
  });
}

export const MAGIC = {
  pdf: Buffer.from('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n', 'latin1'),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  exe: Buffer.from('MZ\u0090\u0000', 'latin1'),
  text: Buffer.from('Hei! '),
};

export const MiB = 1024 * 1024;
