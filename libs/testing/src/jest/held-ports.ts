import { createServer, type Server } from 'node:net';

/**
 * What `npm start` listens on by default (tools/dev/local-env.sh): the services 3001–3005, the
 * gRPC ports 4001 (scheduling), 4002 (messaging's portal partner API), 4003 (ehr-sync's pushes) and
 * 4004 (the device registry's agent protocol), the EHR simulator 8090, the dev issuer 3900 and the
 * mail sink 2525 (SMTP) / 8025 (HTTP).
 * Kafka 9092 and PostgreSQL 5432 are the suite's own infrastructure and are not in the list.
 */
export const BACKBONE_DEFAULT_PORTS: readonly number[] = [
  3001, 3002, 3003, 3004, 3005, 4001, 4002, 4003, 4004, 8090, 3900, 2525, 8025,
];

export interface HeldPorts {
  /** The ports held (those that were free); the others were taken already, e.g. by `npm start`. */
  ports: number[];
  release(): Promise<void>;
}

/** Listens on `port` on every address (as the services do), or resolves undefined when it is taken. */
function hold(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    // Every connection is dropped at once: a test that dials a default port fails fast, as against
    // a backbone that is not its own.
    const server = createServer((socket) => socket.destroy());
    server.once('error', () => resolve(undefined));
    server.listen(port, () => {
      server.unref(); // never what keeps jest's process alive
      resolve(server);
    });
  });
}

/**
 * Holds each of `ports` that is free now, so a test that binds one of them (a service started
 * without its port set) fails at once with EADDRINUSE, on any machine, as it would while `npm start`
 * runs; tests must take free ports (freePort/freePorts) instead.
 */
export async function holdFreePorts(ports: readonly number[] = BACKBONE_DEFAULT_PORTS): Promise<HeldPorts> {
  const servers = (await Promise.all(ports.map(hold))).filter((s): s is Server => s !== undefined);
  return {
    ports: servers.map((s) => (s.address() as { port: number }).port),
    release: () =>
      Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(
        () => undefined,
      ),
  };
}
