import { EhrHttp, retryAfterMs } from './ehr-http';

describe('retryAfterMs', () => {
  it('reads delay-seconds and HTTP dates', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('2015-10-21T07:28:00Z'))).toBe(10_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('2016-01-01T00:00:00Z'))).toBe(0);
  });

  it('is null when absent or unreadable', () => {
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});

describe('EhrHttp.url', () => {
  const http = new EhrHttp({ baseUrl: 'https://ehr.example/fhir/r4/', runToken: 't' });

  it('puts paths under the base and keeps links on the same origin', () => {
    expect(http.url('/Patient?_count=1')).toBe('https://ehr.example/fhir/r4/Patient?_count=1');
    expect(http.url('https://ehr.example/fhir/r4/Patient?_cursor=x')).toBe(
      'https://ehr.example/fhir/r4/Patient?_cursor=x',
    );
  });

  it('refuses a link to another origin, so the session never leaves the EHR', () => {
    expect(() => http.url('https://elsewhere.example/steal')).toThrow(
      expect.objectContaining({ code: 'ehrsync.ehr_bad_response' }),
    );
  });
});
