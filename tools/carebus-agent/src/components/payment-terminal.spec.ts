import { decidePayment, PaymentTerminal } from './payment-terminal';

describe('payment terminal', () => {
  it('decides by amount', () => {
    expect(decidePayment(50_000)).toBe('approve');
    expect(decidePayment(1_000_000)).toBe('approve');
    expect(decidePayment(1_000_001)).toBe('decline');
    expect(decidePayment(12_313)).toBe('timeout');
    expect(decidePayment('45000')).toBe('approve');
    expect(decidePayment(0)).toBe('invalid');
    expect(decidePayment(1.5)).toBe('invalid');
  });

  it('answers approvals with a code stable per idempotency id, timeouts only after waiting', async () => {
    const terminal = new PaymentTerminal(50);
    const command = {
      commandId: 'c1',
      idempotencyId: 'i1',
      kind: 'payment' as const,
      payload: { amountMinor: 100 },
    };
    const first = await terminal.run(command);
    expect(first).toMatchObject({ outcome: 'completed', result: { status: 'approved' } });
    expect((await terminal.run({ ...command, commandId: 'c2' })).result).toEqual(first.result);
    const started = Date.now();
    const timedOut = await terminal.run({ ...command, payload: { amountMinor: 113 } });
    expect(timedOut).toEqual({ outcome: 'completed', result: { status: 'timed_out' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(await terminal.run({ ...command, payload: { amountMinor: 2_000_000 } })).toMatchObject({
      result: { status: 'declined' },
    });
  });
});
