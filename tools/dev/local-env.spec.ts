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
});
