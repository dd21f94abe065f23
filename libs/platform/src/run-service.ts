import type { INestApplication } from '@nestjs/common';
import { ConfigError } from '@carebus/config';

/**
 * The body of every service's main: a configuration error stops the process at once with a
 * message naming the variable (exit 78, EX_CONFIG). SIGTERM/SIGINT close the app (readiness
 * turns 503, in-flight requests and batches finish, pools close) and exit 0; a shutdown that
 * hangs past the grace period exits 1.
 */
export async function runService(
  serviceName: string,
  start: () => Promise<{ app: INestApplication; port: number; shutdownGraceMs: number }>,
): Promise<void> {
  try {
    const { app, port, shutdownGraceMs } = await start();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        setTimeout(() => {
          process.stderr.write(`[${serviceName}] shutdown took longer than ${shutdownGraceMs} ms; exiting\n`);
          process.exit(1);
        }, shutdownGraceMs).unref();
        app.close().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`[${serviceName}] shutdown failed: ${String(error)}\n`);
            process.exit(1);
          },
        );
      });
    }
    await app.startAllMicroservices();
    await app.listen(port, '0.0.0.0');
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`[${serviceName}] ${error.message}\n`);
      process.exit(78);
    }
    process.stderr.write(
      `[${serviceName}] failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  }
}
