import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { failed, type CommandKind, type CommandResult, type DeviceCommand } from '../device-command';
import type { Component } from './component';

/** Amounts (minor units) above this are declined, as a card's limit would. */
export const DECLINE_ABOVE_MINOR = 1_000_000;

export type TerminalDecision = 'approve' | 'decline' | 'timeout' | 'invalid';

/**
 * Decides like a real terminal would, but deterministically by the amount (minor units):
 * above 1,000,000 (10,000.00) declined; a minor part of 13 (e.g. 12313 = 123.13) times out
 * (the card holder never presents a card); anything else from 1 up is approved.
 */
export function decidePayment(amountMinor: unknown): TerminalDecision {
  const amount = typeof amountMinor === 'string' ? Number(amountMinor) : amountMinor;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) return 'invalid';
  if (amount > DECLINE_ABOVE_MINOR) return 'decline';
  if (amount % 100 === 13) return 'timeout';
  return 'approve';
}

/** The simulated payment terminal of a clinic device service. */
export class PaymentTerminal implements Component {
  readonly name = 'payment-terminal';

  /** @param timeoutMs how long the terminal waits for a card before it gives up. */
  constructor(private readonly timeoutMs: number) {}

  handles(kind: CommandKind): boolean {
    return kind === 'payment';
  }

  async run(command: DeviceCommand): Promise<CommandResult> {
    switch (decidePayment(command.payload.amountMinor)) {
      case 'invalid':
        return failed('terminal.invalid_amount', 'amountMinor must be a positive integer');
      case 'timeout':
        await sleep(this.timeoutMs);
        return { outcome: 'completed', result: { status: 'timed_out' } };
      case 'decline':
        return { outcome: 'completed', result: { status: 'declined', maskedCard: '**** 0002' } };
      case 'approve':
        return {
          outcome: 'completed',
          result: {
            status: 'approved',
            // Derived from the idempotency id, so the same payment always shows the same code.
            authorisationCode: createHash('sha256')
              .update(command.idempotencyId)
              .digest('hex')
              .slice(0, 6)
              .toUpperCase(),
            maskedCard: '**** 4242',
          },
        };
    }
  }
}
