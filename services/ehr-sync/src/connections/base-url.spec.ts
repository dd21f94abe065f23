import { ValidationError } from '@carebus/errors';
import { checkedBaseUrl } from './base-url';

const refused = (url: string, production = false) => {
  try {
    checkedBaseUrl(url, production);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return true;
  }
  return false;
};

describe('checkedBaseUrl', () => {
  it('takes https always and http outside production, without a trailing slash', () => {
    expect(checkedBaseUrl('https://ehr.example/fhir/r4/', true)).toBe('https://ehr.example/fhir/r4');
    expect(checkedBaseUrl('http://127.0.0.1:8090/vendor/api/v2', false)).toBe(
      'http://127.0.0.1:8090/vendor/api/v2',
    );
  });

  it('refuses http in production, other schemes, credentials, queries, fragments and non-URLs', () => {
    expect(refused('http://ehr.example/fhir', true)).toBe(true);
    expect(refused('ftp://ehr.example/fhir')).toBe(true);
    expect(refused('https://user:secret@ehr.example/fhir')).toBe(true);
    expect(refused('https://ehr.example/fhir?token=abc')).toBe(true);
    expect(refused('https://ehr.example/fhir#x')).toBe(true);
    expect(refused('ehr.example/fhir')).toBe(true);
  });
});
