import { DEFAULT_RELAY_TIMEOUTS, relaySessionOptions, takeoverBoundMs } from './relay-timeouts';

describe('relay timeouts', () => {
  it('bounds a takeover by the slower of dead-peer detection and a silent session, plus the standby retry', () => {
    // Defaults: keepalive 10 + 5 × 3 = 25 s; silent 10 + 10 = 20 s; standby retry 1 s.
    expect(takeoverBoundMs(DEFAULT_RELAY_TIMEOUTS, 1_000)).toBe(26_000);
    const silentSlower = { ...DEFAULT_RELAY_TIMEOUTS, statementTimeoutMs: 20_000, idleTimeoutMs: 15_000 };
    expect(takeoverBoundMs(silentSlower, 500)).toBe(35_500);
  });

  it('sets every bound on the server side of the session, with the outbox flag for row-level security', () => {
    expect(relaySessionOptions(DEFAULT_RELAY_TIMEOUTS).split(' -c ')).toEqual([
      '-c carebus.outbox_relay=on',
      'statement_timeout=10000',
      'idle_in_transaction_session_timeout=10000',
      'idle_session_timeout=10000',
      'tcp_keepalives_idle=10',
      'tcp_keepalives_interval=5',
      'tcp_keepalives_count=3',
      'tcp_user_timeout=25000',
    ]);
  });
});
