import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDeviceKey, publicKeySpkiBase64 } from './device-key';
import { StateDir } from './state-dir';

describe('StateDir', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'carebus-agent-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("starts from the demo seed's identity.json, key and registry inside", () => {
    const key = generateDeviceKey();
    writeFileSync(
      join(dir, 'identity.json'),
      JSON.stringify({
        deviceId: 'd-1',
        clinicId: 'c-1',
        kind: 'clinic_device',
        registry: '127.0.0.1:4004',
        privateKeyPem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }),
      }),
    );
    const state = new StateDir(dir);
    expect(state.isEnrolled()).toBe(true);
    expect(state.loadIdentity()).toEqual({
      deviceId: 'd-1',
      clinicId: 'c-1',
      kind: 'clinic-device',
      api: 'grpc://127.0.0.1:4004',
    });
    expect(publicKeySpkiBase64(state.loadKey())).toBe(publicKeySpkiBase64(key));
  });
});
