import { bearerToken } from './bearer-token';

describe('bearerToken', () => {
  it('takes the token after a case-insensitive Bearer scheme', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer  abc')).toBe('abc');
  });

  it('answers auth.token_invalid for a value with more than one token', () => {
    expect(() => bearerToken('Bearer a b')).toThrow(expect.objectContaining({ code: 'auth.token_invalid' }));
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic abc'])(
    'answers auth.token_missing for %p',
    (header) => {
      expect(() => bearerToken(header)).toThrow(expect.objectContaining({ code: 'auth.token_missing' }));
    },
  );
});
