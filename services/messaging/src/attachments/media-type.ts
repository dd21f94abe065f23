/** The attachment types a clinic and the national portal exchange. */
export const MEDIA_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/heic',
  'image/tiff',
  'text/plain',
] as const;

export type MediaType = (typeof MEDIA_TYPES)[number];

/** Other names clients send for the same types (HEIF is HEIC's container; charset only for text). */
const ALIASES: Record<string, MediaType> = { 'image/heif': 'image/heic' };

/**
 * The declared `Content-Type` as one of MEDIA_TYPES, or undefined when it names another type (or
 * text in a charset other than UTF-8/ASCII, which would be misread).
 */
export function declaredMediaType(header: string | undefined): MediaType | undefined {
  if (!header) return undefined;
  const [essence = '', ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  const type = (MEDIA_TYPES as readonly string[]).includes(essence)
    ? (essence as MediaType)
    : ALIASES[essence];
  if (!type) return undefined;
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset !== undefined && (type !== 'text/plain' || !['utf-8', 'us-ascii'].includes(charset)))
    return undefined;
  return type;
}

/** How many leading bytes the sniffer needs to tell the binary types apart. */
export const SNIFF_BYTES = 12;

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1']);

/**
 * The binary type the first bytes show (magic numbers), 'text/plain' as the candidate when none
 * does (the whole body must then pass PlainTextCheck), never a guess from the declared type.
 */
export function sniffMediaType(head: Buffer): MediaType {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]))
    return 'image/tiff';
  if (
    head.length >= 12 &&
    head.toString('latin1', 4, 8) === 'ftyp' &&
    HEIC_BRANDS.has(head.toString('latin1', 8, 12))
  )
    return 'image/heic';
  return 'text/plain';
}

function startsWith(head: Buffer, magic: number[]): boolean {
  return head.length >= magic.length && magic.every((byte, i) => head[i] === byte);
}

/** C0 controls but tab, line feed, form feed and carriage return; and DEL. NUL included. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/**
 * Whether a body streamed in pieces is plain text: valid UTF-8 (a sequence may span pieces)
 * without NULs or control characters. `push` each piece, then `end`.
 */
export class PlainTextCheck {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  private ok = true;

  push(piece: Buffer): boolean {
    if (this.ok) this.ok = this.decodes(() => this.decoder.decode(piece, { stream: true }));
    return this.ok;
  }

  end(): boolean {
    if (this.ok) this.ok = this.decodes(() => this.decoder.decode());
    return this.ok;
  }

  private decodes(decode: () => string): boolean {
    try {
      return !CONTROL.test(decode());
    } catch {
      return false;
    }
  }
}
