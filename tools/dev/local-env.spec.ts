import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, 'local-env.sh');

/** Runs `body` in bash with local-env.sh sourced and CAREBUS_ROOT at `root`; answers stdout. */
function inBash(root: string, body: string): string {
  const result = spawnSync('bash', ['-c', `. "${script}"; ${body}`], {
    env: { PATH: process.env.PATH, CAREBUS_ROOT: root },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

describe('local-env.sh dev keys', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'carebus-local-env-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it.each(['dev_ring patient-identity', 'dev_keks messaging', 'dev_national_id_keys', 'dev_device_seal_key'])(
    '%s: services asking at once all get the same key, kept with mode 600',
    (call) => {
      // npm start starts the services side by side, and each asks for its keys.
      const out = inBash(
        root,
        `for i in $(seq 1 16); do (${call} > "$CAREBUS_ROOT/out.$i") & done; wait; cat "$CAREBUS_ROOT"/out.*`,
      );
      const keys = new Set(out.trim().split('\n'));
      expect(keys.size).toBe(1);
      expect([...keys][0]).toMatch(/^(v1:)?[A-Za-z0-9+/]{43}=$/);
      const files = readdirSync(join(root, '.carebus'));
      expect(files).toHaveLength(1); // no temporary file left behind
      expect(statSync(join(root, '.carebus', files[0]!)).mode & 0o777).toBe(0o600);
      expect(inBash(root, call).trim()).toBe([...keys][0]); // a restart reads the same key
    },
  );

  it('stamps the clone by all its dev keys at once: the same stamp on a restart, another for another clone', () => {
    const stamp = inBash(root, 'dev_keys_stamp').trim();
    expect(stamp).toMatch(/^[0-9a-f]{16}$/);
    expect(readdirSync(join(root, '.carebus')).sort()).toEqual([
      'dev-device-seal-key',
      'dev-journal-note-keys',
      'dev-keks',
      'dev-keks-messaging',
      'dev-national-id-keys',
      'dev-patient-identity-keys',
    ]);
    expect(inBash(root, 'dev_keys_stamp').trim()).toBe(stamp);
    const other = mkdtempSync(join(tmpdir(), 'carebus-local-env-'));
    try {
      expect(inBash(other, 'dev_keys_stamp').trim()).not.toBe(stamp);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
