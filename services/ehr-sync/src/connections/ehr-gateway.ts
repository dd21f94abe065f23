import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createEhrAdapter } from '../ehr-adapters/create-ehr-adapter';
import type { EhrAdapter } from '../ehr-adapters/ehr-adapter';
import { EHR_ADAPTER_CODES, EhrAdapterError } from '../ehr-adapters/ehr-adapter.errors';
import type { EhrProvider } from '../ehr-adapters/ehr-appointment';
import { adapterCredentials, systemOf, type ConnectionCredentials, type ConnectionStyle } from './connection';
import { CONNECTIONS_SETTINGS, type ConnectionsSettings } from './connections-settings';

/** What a connection's EHR said, in the terms the use cases act on. */
export type EhrAnswer =
  | { ok: true; providers: EhrProvider[] }
  | { ok: false; failure: 'rejected' | 'deauthorized' | 'unreachable'; code: string };

export interface EhrTarget {
  connectionId: string;
  style: ConnectionStyle;
  baseUrl: string;
  credentials: ConnectionCredentials;
}

const MAX_SESSIONS = 1000;

/**
 * Talks to a connection's EHR through its adapter, never inside a database transaction. A
 * signed-in session is kept per connection on this replica, so a withdrawn authorisation shows
 * up as `deauthorized` on the next use (a fresh sign-in would hide it).
 */
@Injectable()
export class EhrGateway {
  private readonly sessions = new Map<string, { fingerprint: string; adapter: EhrAdapter }>();
  /** Fingerprints tell whether a kept session signed in with these very credentials; never stored. */
  private readonly pepper = randomBytes(32);

  constructor(@Inject(CONNECTIONS_SETTINGS) private readonly settings: ConnectionsSettings) {}

  /** Signs in afresh and lists the providers: a new or re-authenticated connection's proof. */
  signIn(target: EhrTarget): Promise<EhrAnswer> {
    this.sessions.delete(target.connectionId);
    return this.providers(target);
  }

  /** Lists the providers through the kept session (signing in when none is kept). */
  async providers(target: EhrTarget): Promise<EhrAnswer> {
    try {
      const adapter = await this.session(target);
      return { ok: true, providers: await adapter.listProviders() };
    } catch (error) {
      this.sessions.delete(target.connectionId);
      return failureOf(error);
    }
  }

  /**
   * Runs `work` with the connection's kept session (signing in when none is kept); an adapter
   * error is thrown as is. A refused session is dropped, so the next use signs in afresh; an
   * outage or a rate limit keeps it (signing in again would only add calls).
   */
  async use<T>(target: EhrTarget, work: (adapter: EhrAdapter) => Promise<T>): Promise<T> {
    try {
      return await work(await this.session(target));
    } catch (error) {
      const code = error instanceof EhrAdapterError ? error.code : null;
      if (code === EHR_ADAPTER_CODES.deauthorized || code === EHR_ADAPTER_CODES.credentialsRejected)
        this.sessions.delete(target.connectionId);
      throw error;
    }
  }

  forget(connectionId: string): void {
    this.sessions.delete(connectionId);
  }

  private async session(target: EhrTarget): Promise<EhrAdapter> {
    const fingerprint = createHmac('sha256', this.pepper)
      .update(JSON.stringify([target.baseUrl, target.credentials]))
      .digest('base64url');
    const kept = this.sessions.get(target.connectionId);
    if (kept && kept.fingerprint === fingerprint) return kept.adapter;
    const adapter = createEhrAdapter(systemOf(target.style), {
      baseUrl: target.baseUrl,
      runToken: randomUUID(),
      timeoutMs: this.settings.ehrTimeoutMs,
    });
    await adapter.authenticate(adapterCredentials(target.credentials));
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(target.connectionId, { fingerprint, adapter });
    return adapter;
  }
}

function failureOf(error: unknown): EhrAnswer {
  if (error instanceof EhrAdapterError) {
    if (error.code === EHR_ADAPTER_CODES.credentialsRejected)
      return { ok: false, failure: 'rejected', code: error.code };
    if (error.code === EHR_ADAPTER_CODES.deauthorized)
      return { ok: false, failure: 'deauthorized', code: error.code };
    return { ok: false, failure: 'unreachable', code: error.code };
  }
  return { ok: false, failure: 'unreachable', code: EHR_ADAPTER_CODES.unavailable };
}
