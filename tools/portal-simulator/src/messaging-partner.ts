import type { GrpcPartnerOptions } from './messaging-partner-grpc';

/** How the portal reaches a clinic's messaging service: its partner API and a client-credentials token. */
export interface MessagingPartnerOptions {
  url: string;
  /** A bearer token for the clinic (role partner); called before every call, so it may refresh. */
  token: () => Promise<string>;
  /** The partner gRPC API (PortalPartnerService), for dialogues sent `'grpc'`. */
  grpc?: GrpcPartnerOptions;
}

export interface PartnerAnswer {
  status: number;
  body: unknown;
}

/** Calls messaging's partner REST API as the national portal. */
export class MessagingPartner {
  constructor(private readonly options: MessagingPartnerOptions) {}

  /** A fresh token, for calls over the gRPC API. */
  token(): Promise<string> {
    return this.options.token();
  }

  async post(path: string, body: unknown): Promise<PartnerAnswer> {
    const res = await fetch(new URL(path, this.options.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${await this.options.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, body: parsed };
  }
}
