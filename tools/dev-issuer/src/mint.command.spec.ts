import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevIssuer, JwtVerifier } from '@carebus/auth';
import { UsageError } from './cli-args';
import { mintCommand } from './mint.command';
import { serveCommand } from './serve.command';

const CLINIC = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';

describe('mint command', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'carebus-mint-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('mints a token that verifies against serve with the same key file and issuer', async () => {
    const keyFile = join(dir, 'key.json');
    const issuerUrl = 'http://localhost:3900';
    const token = await mintCommand([
      ...['--sub', 'cli-user', '--clinic', CLINIC, '--roles', 'clinic_admin,practitioner'],
      ...['--scope', 'a b', '--key-file', keyFile, '--issuer', issuerUrl],
    ]);
    let issuer: DevIssuer | undefined;
    try {
      issuer = await serveCommand(['--port', '0', '--key-file', keyFile, '--issuer', issuerUrl]);
      const verifier = new JwtVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuerUrl, audience: 'carebus' });
      expect(await verifier.verify(token)).toMatchObject({
        subject: 'cli-user',
        clinicId: CLINIC,
        roles: ['clinic_admin', 'practitioner'],
        scopes: ['a', 'b'],
      });
    } finally {
      await issuer?.stop();
    }
  });

  it('reports bad flags as usage errors named after the flags', async () => {
    const attempt = mintCommand([
      '--sub',
      'u',
      '--roles',
      'staff',
      '--ttl',
      '0',
      '--key-file',
      join(dir, 'k.json'),
    ]);
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(/--clinic: .*\n--ttl: /);
  });
});
