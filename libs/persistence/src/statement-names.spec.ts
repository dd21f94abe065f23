import { statementName } from './statement-names';

describe('statementName', () => {
  it('names a text the same way every time and other texts otherwise', () => {
    expect(statementName('SELECT 1')).toBe(statementName('SELECT 1'));
    expect(statementName('SELECT 1')).not.toBe(statementName('SELECT 2'));
  });

  it('fits PostgreSQL’s 63-byte identifier limit for any text length', () => {
    const long = `SELECT ${'x, '.repeat(5_000)}1`;
    expect(Buffer.byteLength(statementName(long))).toBeLessThanOrEqual(63);
    // Texts sharing a long prefix still get different names (a cut name would collide).
    expect(statementName(`${long} AS a`)).not.toBe(statementName(`${long} AS b`));
  });
});
