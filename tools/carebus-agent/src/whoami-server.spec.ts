import { jwtVerify } from 'jose';
import { generateDeviceKey } from './device-key';
import { COMPUTER_PROOF_AUDIENCE, WhoamiServer } from './whoami-server';

describe('WhoamiServer', () => {
  const key = generateDeviceKey();
  const server = new WhoamiServer('device-7', key.privateKey, ['https://app.carebus.test']);
  const url = () => `http://127.0.0.1:${server.port}/whoami`;

  beforeAll(() => server.listen(0));
  afterAll(() => server.close());

  it('answers the clinic UI with the device id and a one-minute proof for this computer', async () => {
    const response = await fetch(url(), { headers: { Origin: 'https://app.carebus.test' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.carebus.test');
    const body = (await response.json()) as { device_id: string; proof: string };
    expect(body.device_id).toBe('device-7');
    const { payload } = await jwtVerify(body.proof, key.publicKey, {
      audience: COMPUTER_PROOF_AUDIENCE,
      subject: 'device-7',
    });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(60);
  });

  it('refuses other web pages and gives them no CORS headers', async () => {
    const response = await fetch(url(), { headers: { Origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(url(), {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.carebus.test' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-private-network')).toBe('true');
  });
});
