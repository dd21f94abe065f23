import { existsSync } from 'node:fs';
import { request } from 'node:http';

/** True when a Docker engine answers /_ping on its socket (or DOCKER_HOST is set), within a second. */
export async function dockerEngineAnswers(): Promise<boolean> {
  if (process.env.DOCKER_HOST) return true;
  const socketPath = '/var/run/docker.sock';
  if (!existsSync(socketPath)) return false;
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}
