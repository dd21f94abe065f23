import { status as GrpcStatus } from '@grpc/grpc-js';
import type { AgentLog } from './agent-log';
import { RegistryError, type RegistryClient } from './registry-client';
import type { ResultOutbox } from './result-outbox';
import { toWireReport } from './wire-mapping';

/** Refusals that no retry can change: the report is dropped (and logged) instead of retried forever. */
const PERMANENT = new Set<number>([
  GrpcStatus.NOT_FOUND,
  GrpcStatus.INVALID_ARGUMENT,
  GrpcStatus.FAILED_PRECONDITION,
]);

/**
 * Drains the result outbox: reports each pending result, oldest first, and marks it acknowledged
 * once the registry answered (recorded or already recorded). One drain at a time; a drain asked for meanwhile makes it look again before it ends.
 */
export class ResultReporter {
  private draining?: Promise<number>;
  /** A drain was asked for while one ran: results added meanwhile get another pass. */
  private again = false;

  constructor(
    private readonly outbox: ResultOutbox,
    private readonly client: () => RegistryClient,
    private readonly log: AgentLog,
  ) {}

  /** Reports everything pending; resolves with the number reported, rejects on a transport error. */
  drain(): Promise<number> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    const run = async (): Promise<number> => {
      let reported = 0;
      do {
        this.again = false;
        reported += await this.drainOnce();
      } while (this.again);
      return reported;
    };
    this.draining = run().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async drainOnce(): Promise<number> {
    let reported = 0;
    for (;;) {
      const batch = this.outbox.pending(100);
      if (batch.length === 0) return reported;
      for (const pending of batch) {
        try {
          const answer = await this.client().reportResult(toWireReport(pending));
          if (!answer.recorded)
            this.log.info('result was already recorded', { commandId: pending.commandId });
        } catch (error) {
          if (!(error instanceof RegistryError) || !PERMANENT.has(error.grpcCode)) throw error;
          this.log.warn('result refused; dropped', { commandId: pending.commandId, code: error.code });
        }
        this.outbox.markAcknowledged(pending.commandId);
        reported += 1;
      }
    }
  }
}
