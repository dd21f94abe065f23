import { createServer } from 'node:net';
import { BACKBONE_DEFAULT_PORTS } from './held-ports';

/** The error code of listening on `port` on every address, or 'ok' (closed again at once). */
function bind(port: number): Promise<string> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    server.listen(port, () => server.close(() => resolve('ok')));
  });
}

const describeHeld = process.env.CAREBUS_TEST_HOLD_PORTS === 'off' ? describe.skip : describe;

// A service a test starts on its default port (no HTTP_PORT/GRPC_PORT given) fails at once, with or
// without `npm start` running: the global setup holds the default ports that npm start does not.
describeHeld("npm start's default ports during the integration tests", () => {
  it.each(BACKBONE_DEFAULT_PORTS)('cannot be bound by a test: %i', async (port) => {
    expect(await bind(port)).toBe('EADDRINUSE');
  });
});
