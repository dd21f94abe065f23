import { randomBytes } from 'node:crypto';
import { PayloadSeal } from './payload-seal';

describe('PayloadSeal', () => {
  const seal = new PayloadSeal(randomBytes(32).toString('base64'));
  const binding = {
    purpose: 'command.request' as const,
    clinicId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
    commandId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  };

  it('opens what it sealed, and the sealed text holds nothing in clear', () => {
    const sealed = seal.seal(binding, { nationalId: '01019912345' });
    expect(sealed).toMatch(/^dr1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('01019912345');
    expect(seal.open(binding, sealed)).toEqual({ nationalId: '01019912345' });
  });

  it('refuses to open for another command, clinic, purpose or key', () => {
    const sealed = seal.seal(binding, { x: 1 });
    expect(() =>
      seal.open({ ...binding, commandId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c' }, sealed),
    ).toThrow();
    expect(() =>
      seal.open({ ...binding, clinicId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e40' }, sealed),
    ).toThrow();
    expect(() => seal.open({ ...binding, purpose: 'command.result' }, sealed)).toThrow();
    expect(() => new PayloadSeal(randomBytes(32).toString('base64')).open(binding, sealed)).toThrow();
  });
});
