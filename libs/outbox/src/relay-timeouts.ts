/**
 * How long a relay's connection may stay silent before PostgreSQL ends its session (which frees
 * the leader lock) and before the relay itself gives up on it. Set per connection through the
 * startup `options`, so they hold whatever the role's or database's defaults are.
 */
export interface RelayTimeouts {
  /** `statement_timeout`, and (plus a margin) the client's own wait for any answer. */
  statementTimeoutMs: number;
  /** `idle_session_timeout` and `idle_in_transaction_session_timeout`; a live relay pings at a third of it. */
  idleTimeoutMs: number;
  /** `tcp_keepalives_idle` / `_interval` / `_count` on the server, keepalive delay on the client. */
  keepAliveIdleSeconds: number;
  keepAliveIntervalSeconds: number;
  keepAliveCount: number;
  /** The relay gives up on a Kafka send after this long (the rows stay in the outbox). */
  sendTimeoutMs: number;
}

export const DEFAULT_RELAY_TIMEOUTS: RelayTimeouts = {
  statementTimeoutMs: 10_000,
  idleTimeoutMs: 10_000,
  keepAliveIdleSeconds: 10,
  keepAliveIntervalSeconds: 5,
  keepAliveCount: 3,
  sendTimeoutMs: 15_000,
};

/**
 * Within how long after its leader connection goes dead, silent or half-open a standby holds the
 * lock. PostgreSQL ends that session when (a) the peer stops acknowledging: keepalive idle +
 * interval × count, or `tcp_user_timeout` (set to the same) for unacknowledged data; or (b) the
 * peer still acknowledges but says nothing (a stalled process or proxy): a statement runs at most
 * `statement_timeout`, after which the session is idle (in a transaction or not) and ended after
 * the idle timeout. A standby asks for the lock every `standbyRetryMs`.
 */
export function takeoverBoundMs(timeouts: RelayTimeouts, standbyRetryMs: number): number {
  const unacknowledged =
    (timeouts.keepAliveIdleSeconds + timeouts.keepAliveIntervalSeconds * timeouts.keepAliveCount) * 1_000;
  const silent = timeouts.statementTimeoutMs + timeouts.idleTimeoutMs;
  return Math.max(unacknowledged, silent) + standbyRetryMs;
}

/**
 * The startup `options` of a relay connection. `carebus.outbox_relay` lets the relay through the
 * outbox's row-level security; `tcp_user_timeout` bounds data the peer never acknowledges as the
 * keepalives bound silence.
 */
export function relaySessionOptions(t: RelayTimeouts): string {
  const keepAliveMs = (t.keepAliveIdleSeconds + t.keepAliveIntervalSeconds * t.keepAliveCount) * 1_000;
  return [
    '-c carebus.outbox_relay=on',
    `-c statement_timeout=${t.statementTimeoutMs}`,
    `-c idle_in_transaction_session_timeout=${t.idleTimeoutMs}`,
    `-c idle_session_timeout=${t.idleTimeoutMs}`,
    `-c tcp_keepalives_idle=${t.keepAliveIdleSeconds}`,
    `-c tcp_keepalives_interval=${t.keepAliveIntervalSeconds}`,
    `-c tcp_keepalives_count=${t.keepAliveCount}`,
    `-c tcp_user_timeout=${keepAliveMs}`,
  ].join(' ');
}
