import { ValidationError } from '@carebus/errors';
import { credentialsOf } from './connections.dto';

describe('credentialsOf', () => {
  it('takes the two fields of the style', () => {
    expect(credentialsOf('fhir_r4', { clientId: 'c', clientSecret: 's' })).toEqual({
      style: 'fhir_r4',
      clientId: 'c',
      clientSecret: 's',
    });
    expect(credentialsOf('vendor', { username: 'u', activationCode: 'a' })).toEqual({
      style: 'vendor',
      username: 'u',
      activationCode: 'a',
    });
  });

  it('refuses a missing field and a field of the other style, naming them', () => {
    expect(() => credentialsOf('fhir_r4', { clientId: 'c' })).toThrow(ValidationError);
    try {
      credentialsOf('vendor', { username: 'u', activationCode: 'a', clientSecret: 's' });
      throw new Error('accepted');
    } catch (error) {
      expect((error as ValidationError).message).not.toContain('s"');
      expect(JSON.stringify(error)).toContain('credentials.clientSecret');
    }
  });
});
