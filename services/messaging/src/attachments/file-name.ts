import { MAX_FILE_NAME_BYTES } from './attachment-limits';

// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The file name of an upload's `Content-Disposition` (`attachment; filename*=UTF-8''…` per RFC
 * 6266/8187, or a quoted or plain `filename=`), without any path; undefined when there is none
 * usable (missing, empty, control characters, longer than MAX_FILE_NAME_BYTES).
 */
export function fileNameOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /(?:^|;)\s*filename\*\s*=\s*utf-8'[^']*'([^;\s]+)/i.exec(header)?.[1];
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  let name: string | undefined;
  try {
    name =
      extended !== undefined
        ? decodeURIComponent(extended)
        : (plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]);
  } catch {
    return undefined;
  }
  const base = name?.split(/[\\/]/).pop()?.trim();
  if (!base || base === '.' || base === '..' || CONTROL.test(base)) return undefined;
  return Buffer.byteLength(base) <= MAX_FILE_NAME_BYTES ? base : undefined;
}

/** A download's `Content-Disposition`: an ASCII fallback and the exact name (RFC 6266). */
export function contentDispositionOf(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
