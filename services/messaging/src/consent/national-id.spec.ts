import { randomFodselsnummer } from '@carebus/testing';
import { mod11NumberOf as numberOf } from '../../test/national-ids';
import { classifyNationalId } from './national-id';
import { decideReachability } from './reachability';

describe('national identity numbers', () => {
  it('accepts birth numbers that pass both mod-11 check digits', () => {
    for (let i = 0; i < 200; i++) expect(classifyNationalId(randomFodselsnummer())).toBe('birth_number');
  });

  it('refuses a number whose check digits do not match', () => {
    const good = randomFodselsnummer();
    const badK2 = `${good.slice(0, 10)}${(Number(good[10]) + 1) % 10}`;
    expect(classifyNationalId(badK2)).toBe('invalid');
  });

  it('refuses wrong lengths and non-digits', () => {
    expect(classifyNationalId('')).toBe('invalid');
    expect(classifyNationalId('1234567890')).toBe('invalid');
    expect(classifyNationalId('1234567890a')).toBe('invalid');
  });

  it('tells D-numbers (day + 40) and H-numbers (month + 40)', () => {
    expect(classifyNationalId(numberOf(41, 1))).toBe('d_number');
    expect(classifyNationalId(numberOf(71, 12))).toBe('d_number');
    expect(classifyNationalId(numberOf(15, 43))).toBe('h_number');
  });

  it('refuses a date that does not exist even when mod-11 passes', () => {
    expect(classifyNationalId(numberOf(31, 4))).toBe('invalid');
    expect(classifyNationalId(numberOf(15, 13))).toBe('invalid');
  });
});

describe('portal reachability', () => {
  const ok = { nationalIdKind: 'birth_number', consent: true, portalAccount: 'active' } as const;

  it('is reachable with a valid number, consent and an active account, D-numbers included', () => {
    expect(decideReachability(ok)).toEqual({ reachable: true, reason: 'reachable' });
    expect(decideReachability({ ...ok, nationalIdKind: 'd_number' }).reachable).toBe(true);
  });

  it.each([
    [{ nationalIdKind: null }, 'no_national_id'],
    [{ nationalIdKind: 'invalid' }, 'invalid_national_id'],
    [{ nationalIdKind: 'h_number' }, 'h_number'],
    [{ consent: false }, 'no_consent'],
    [{ portalAccount: 'none' }, 'no_portal_account'],
    [{ portalAccount: 'inactive' }, 'portal_account_inactive'],
  ] as const)('is not reachable with %o: %s', (change, reason) => {
    expect(decideReachability({ ...ok, ...change })).toEqual({ reachable: false, reason });
  });
});
