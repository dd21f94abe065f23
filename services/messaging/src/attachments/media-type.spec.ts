import { declaredMediaType, PlainTextCheck, sniffMediaType } from './media-type';

const bytes = (...b: number[]) => Buffer.from(b);
const ftyp = (brand: string) =>
  Buffer.concat([bytes(0, 0, 0, 24), Buffer.from(`ftyp${brand}`), Buffer.alloc(12)]);

describe('attachment media types', () => {
  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n'), 'application/pdf'],
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
    ['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'image/png'],
    ['TIFF little-endian', bytes(0x49, 0x49, 0x2a, 0x00, 8, 0), 'image/tiff'],
    ['TIFF big-endian', bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 8), 'image/tiff'],
    ['HEIC (heic)', ftyp('heic'), 'image/heic'],
    ['HEIC (mif1)', ftyp('mif1'), 'image/heic'],
    ['an MP4 (ftyp isom) is not HEIC', ftyp('isom'), 'text/plain'],
    ['a ZIP is no known magic', bytes(0x50, 0x4b, 3, 4), 'text/plain'],
  ])('%s is detected from its bytes', (_name, head, type) => {
    expect(sniffMediaType(head)).toBe(type);
  });

  it('reads the declared type, its HEIF alias and a UTF-8 charset; refuses others', () => {
    expect(declaredMediaType('application/pdf')).toBe('application/pdf');
    expect(declaredMediaType('Image/HEIF')).toBe('image/heic');
    expect(declaredMediaType('text/plain; charset=UTF-8')).toBe('text/plain');
    expect(declaredMediaType('text/plain; charset=latin1')).toBeUndefined();
    expect(declaredMediaType('application/zip')).toBeUndefined();
    expect(declaredMediaType('image/png; charset=utf-8')).toBeUndefined();
    expect(declaredMediaType(undefined)).toBeUndefined();
  });

  it('accepts UTF-8 text whose characters span pieces', () => {
    const text = Buffer.from('Hei, lege! Blodtrykk 120/80 — ære være 🩺\r\n\tslutt');
    const check = new PlainTextCheck();
    for (let i = 0; i < text.length; i += 3) check.push(text.subarray(i, i + 3));
    expect(check.end()).toBe(true);
  });

  it.each([
    ['a NUL', Buffer.from('abc\u0000def')],
    ['an escape character', Buffer.from('abc\u001b[31m')],
    ['invalid UTF-8', bytes(0x61, 0xc3, 0x28)],
    ['a sequence cut at the end', bytes(0x61, 0xe2, 0x82)],
  ])('refuses text with %s', (_what, body) => {
    const check = new PlainTextCheck();
    check.push(body);
    expect(check.end()).toBe(false);
  });
});
