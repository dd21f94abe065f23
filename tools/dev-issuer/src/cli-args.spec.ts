import { integerFlag, parseFlags, UsageError } from './cli-args';

describe('parseFlags', () => {
  it('reads --name value and --name=value', () => {
    const flags = parseFlags(['--sub', 'u1', '--scope=a b'], ['sub', 'scope']);
    expect(Object.fromEntries(flags)).toEqual({ sub: 'u1', scope: 'a b' });
  });

  it.each([
    [['--nope', 'x'], /Unknown option --nope/],
    [['stray'], /Unexpected argument "stray"/],
    [['--sub'], /--sub needs a value/],
    [['--sub', '--scope', 'x'], /--sub needs a value/],
    [['--sub', 'a', '--sub', 'b'], /--sub is given twice/],
  ])('rejects %j', (args, message) => {
    expect(() => parseFlags(args, ['sub', 'scope'])).toThrow(UsageError);
    expect(() => parseFlags(args, ['sub', 'scope'])).toThrow(message);
  });
});

describe('integerFlag', () => {
  it('falls back when absent and parses whole numbers in range', () => {
    expect(integerFlag(new Map(), 'port', 3900, 0, 65535)).toBe(3900);
    expect(integerFlag(new Map([['port', '4000']]), 'port', 3900, 0, 65535)).toBe(4000);
  });

  it.each(['-1', '70000', '12.5', 'abc'])('rejects %s', (raw) => {
    expect(() => integerFlag(new Map([['port', raw]]), 'port', 3900, 0, 65535)).toThrow(UsageError);
  });
});
