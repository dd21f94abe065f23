import type { SimulatorContext } from '../api-call';
import { isRefusal, type WriteResult } from '../data/appointment-writes';
import type { JournalledWrite } from '../data/write-journal';
import type { Faults } from '../faults';
import type { LoggedRequest, RequestLog } from '../request-log';
import { toVendor } from '../vendor/vendor-records';

export interface AdminAppointment {
  providerId: string;
  patientId?: string | null;
  classId?: string | null;
  start: string;
  end: string;
}

/** What tests do to a running simulator without HTTP; the admin API calls the same methods. */
export class SimulatorAdmin {
  constructor(
    private readonly ctx: SimulatorContext,
    private readonly log: RequestLog,
    private readonly listening: { goOffline(): Promise<void>; goOnline(): Promise<void> },
  ) {}

  /** Creates an appointment as a clinic user would in the EHR; answers the vendor record. */
  createAppointment(input: AdminAppointment): Record<string, unknown> {
    return this.outcome(
      this.ctx.writes.create(
        {
          providerId: input.providerId,
          patientId: input.patientId ?? null,
          classId: input.classId ?? null,
          start: Date.parse(input.start),
          end: Date.parse(input.end),
        },
        false,
      ),
    );
  }

  cancelAppointment(id: string): Record<string, unknown> {
    return this.outcome(this.ctx.writes.cancel(id));
  }

  rescheduleAppointment(id: string, start: string, end: string): Record<string, unknown> {
    return this.outcome(this.ctx.writes.reschedule(id, { start: Date.parse(start), end: Date.parse(end) }));
  }

  setFaults(faults: Faults): void {
    this.ctx.faults.set(faults);
  }

  clearFaults(): void {
    this.ctx.faults.clear();
  }

  faults(): Faults {
    return this.ctx.faults.current;
  }

  /** Withdraws every FHIR token and vendor session. */
  deauthorize(): void {
    this.ctx.fhirTokens.deauthorizeAll();
    this.ctx.vendorSessions.deauthorizeAll();
  }

  /** The writes the EHR applied through its APIs and this admin, oldest first (replays are not writes). */
  writes(): JournalledWrite[] {
    return this.ctx.journal.list();
  }

  clearWrites(): void {
    this.ctx.journal.clear();
  }

  requests(): LoggedRequest[] {
    return this.log.list();
  }

  clearRequests(): void {
    this.log.clear();
  }

  state(): { revision: number } {
    return { revision: this.ctx.store.revision };
  }

  /** Closes the listening socket: calls are refused until goOnline. */
  goOffline(): Promise<void> {
    return this.listening.goOffline();
  }

  goOnline(): Promise<void> {
    return this.listening.goOnline();
  }

  private outcome(result: WriteResult): Record<string, unknown> {
    if (isRefusal(result))
      throw new AdminRefusal(result.refused, 'text' in result ? result.text : result.refused);
    return toVendor(result);
  }
}

/** An admin change the EHR refused (unknown id, bad times, …). */
export class AdminRefusal extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}
