import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { devIssuerRequestListener } from './dev-issuer-http';
import { DEV_SIGNING_ALG } from './dev-signing-key';
import { DevTokenMinter, type DevMintOptions, type DevTokenClaims } from './dev-token-minter';

export interface DevIssuerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /**
   * Default loopback: anyone who can reach `POST /token` can mint any role. `0.0.0.0` only inside
   * a private container network (docker-compose), never on a shared host.
   */
  host?: '127.0.0.1' | '0.0.0.0';
  /** Default `http://127.0.0.1:<port>`. */
  issuer?: string;
  /** Load the RS256 key from here, or create it here, so tokens stay valid across restarts. */
  keyFile?: string;
  now?: () => Date;
}

/**
 * Development and test token issuer over real HTTP: serves its JWKS, OIDC discovery, health and
 * a `POST /token` endpoint, and mints tokens in-process for tests (including forged ones).
 */
export class DevIssuer {
  private constructor(
    private readonly server: Server,
    private readonly minter: DevTokenMinter,
    /** Where this server listens, e.g. `http://127.0.0.1:39123`. */
    readonly baseUrl: string,
    readonly port: number,
  ) {}

  static async start(options: DevIssuerOptions = {}): Promise<DevIssuer> {
    const host = options.host ?? '127.0.0.1';
    // The issuer URL may name the port the server gets, so it listens before its key is loaded or
    // created; requests that arrive meanwhile wait for the handler instead of never being answered.
    let answer!: (listener: RequestListener) => void;
    const handler = new Promise<RequestListener>((resolve) => (answer = resolve));
    const server = createServer((request, response) => void handler.then((h) => h(request, response)));
    server.listen(options.port ?? 0, host);
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const baseUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    try {
      const minter = await DevTokenMinter.create({
        issuer: options.issuer ?? baseUrl,
        ...(options.keyFile ? { keyFile: options.keyFile } : {}),
        ...(options.now ? { now: options.now } : {}),
      });
      const issuer = new DevIssuer(server, minter, baseUrl, port);
      answer(devIssuerRequestListener(issuer));
      return issuer;
    } catch (error) {
      server.close();
      server.closeAllConnections(); // requests waiting for the handler will not get one
      throw error;
    }
  }

  get issuer(): string {
    return this.minter.issuer;
  }

  get jwksUrl(): string {
    return `${this.baseUrl}/.well-known/jwks.json`;
  }

  mint(claims: DevTokenClaims, opts?: DevMintOptions): Promise<string> {
    return this.minter.mint(claims, opts);
  }

  jwks(): { keys: JWK[] } {
    return this.minter.jwks;
  }

  openIdConfiguration(): object {
    return {
      issuer: this.issuer,
      jwks_uri: this.jwksUrl,
      token_endpoint: `${this.baseUrl}/token`,
      id_token_signing_alg_values_supported: [DEV_SIGNING_ALG],
      token_endpoint_auth_methods_supported: ['none'],
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
    };
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = once(this.server, 'close');
    this.server.close();
    // Keep-alive connections (jose's JWKS fetches) would otherwise hold close() open.
    this.server.closeAllConnections();
    await closed;
  }
}
