import { contentDispositionOf, fileNameOf } from './file-name';

describe('attachment file names', () => {
  it.each([
    [`attachment; filename*=UTF-8''bl%C3%A5%20resept.pdf`, 'blå resept.pdf'],
    [`attachment; filename="scan \\"1\\".png"`, 'scan "1".png'],
    ['attachment; filename=plain.txt', 'plain.txt'],
    [`attachment; filename="fallback.pdf"; filename*=UTF-8''%C3%A6.pdf`, 'æ.pdf'],
    ['attachment; filename="C:\\\\Users\\\\kari\\\\x.tif"', 'x.tif'],
    ['inline; filename="../../etc/passwd"', 'passwd'],
  ])('reads %s', (header, name) => {
    expect(fileNameOf(header)).toBe(name);
  });

  it.each([
    undefined,
    'attachment',
    'attachment; filename=""',
    `attachment; filename*=UTF-8''%E0%A4%A`,
    'attachment; filename="a\u0001b"',
    `attachment; filename="${'x'.repeat(256)}"`,
  ])('refuses %s', (header) => {
    expect(fileNameOf(header)).toBeUndefined();
  });

  it('writes a header that reads back to the same name', () => {
    for (const name of ['blå resept (1).pdf', 'a"b%c;d.txt', "o'neil.png"]) {
      expect(fileNameOf(contentDispositionOf(name))).toBe(name);
    }
  });
});
