/** Defaults shared by `serve` and `mint`, so a plain `mint` verifies against a plain `serve`. */
export const DEFAULT_PORT = 3900;
export const DEFAULT_KEY_FILE = '.carebus/dev-issuer/key.json';

/** Same as DevIssuer's own default and as tools/dev/start.sh passes, so all three agree. */
export function defaultIssuer(port: number): string {
  return `http://127.0.0.1:${port}`;
}
