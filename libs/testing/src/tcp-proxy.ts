import { createServer, createConnection, type Server, type Socket } from 'node:net';

/**
 * A TCP pass-through that a test can cut and restore, to make a real dependency unreachable
 * for one service without stopping it for everyone else.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private stalled = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(port = this.port): Promise<number> {
    const server = createServer((client) => {
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      if (this.stalled) for (const s of [client, upstream]) s.pause();
      else client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    return this.port;
  }

  /** Refuse new connections and drop the open ones; the port stays reserved for `start()`. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.stalled = false;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Half-open: stop forwarding in both directions without closing anything, on open and new
   * connections alike. Both peers' kernels keep acknowledging (so TCP keepalive still succeeds),
   * but nothing said arrives: like a hung middlebox or a frozen peer. `cut()` ends it.
   */
  stall(): void {
    this.stalled = true;
    for (const s of this.sockets) {
      s.unpipe();
      s.pause();
    }
  }

  async stop(): Promise<void> {
    await this.cut();
  }
}
