import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { Principal } from '@carebus/auth';
import { TenantScope } from '@carebus/persistence';
import { AuditTrail } from '@carebus/audit';
import type { Appointment } from '../appointment';
import { mayRead } from '../appointment-access';
import { AppointmentsRepository } from '../appointments.repository';

export const WATCH_POLL_MS = 1_000;
/**
 * `updated_at` is the changing transaction's start; one that commits later than a younger one
 * would be skipped by a strict cursor, so each poll looks this far back and drops versions it
 * already sent.
 */
const LOOK_BACK_MS = 10_000;
const BATCH = 500;

export interface WatchAppointmentsQuery {
  principal: Principal;
  clinicId: string;
  calendarId?: string | undefined;
}

/**
 * A stream of appointments as they change, for partner systems that would otherwise poll
 * ListAppointments. Each version is sent once, only if the caller may read it (never hidden ones
 * to guardians and partners), and audited as a read.
 */
@Injectable()
export class WatchAppointmentsUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly appointments: AppointmentsRepository,
    private readonly audit: AuditTrail,
  ) {}

  watch(
    q: WatchAppointmentsQuery,
    pollMs = WATCH_POLL_MS,
  ): Observable<{ appointment: Appointment; changedAt: Date }> {
    return new Observable((subscriber) => {
      const sent = new Map<string, { version: number; seenAt: number }>();
      // Database time, as updated_at is: the stream starts with changes after the call began.
      let startedAt: number | null = null;
      let cursor = 0;
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      const poll = async () => {
        const changed = await this.tenant.withTenant(q.clinicId, async (tx) => {
          if (startedAt === null) {
            startedAt = (await this.appointments.databaseNow(tx)).getTime();
            cursor = startedAt;
            return [];
          }
          const since: number = startedAt;
          const rows = await this.appointments.changedSince(
            tx,
            new Date(cursor - LOOK_BACK_MS),
            q.calendarId,
            BATCH,
          );
          const fresh = rows.filter(
            (a) =>
              a.updatedAt.getTime() >= since &&
              (sent.get(a.id)?.version ?? 0) < a.version &&
              mayRead(q.principal, a),
          );
          await this.audit.recordMany(
            tx,
            fresh.map((a) => ({
              clinicId: q.clinicId,
              principal: q.principal,
              action: 'appointments.watch',
              resourceType: 'appointment' as const,
              resourceId: a.id,
              patientId: a.patientId,
              outcome: 'allowed' as const,
            })),
          );
          return fresh;
        });
        const now = Date.now();
        for (const a of changed) {
          sent.set(a.id, { version: a.version, seenAt: now });
          subscriber.next({ appointment: a, changedAt: a.updatedAt });
          cursor = Math.max(cursor, a.updatedAt.getTime());
        }
        for (const [id, entry] of sent) if (now - entry.seenAt > 6 * LOOK_BACK_MS) sent.delete(id);
      };
      const loop = () => {
        if (stopped) return;
        poll().then(
          () => {
            if (!stopped) timer = setTimeout(loop, pollMs);
          },
          (error: unknown) => subscriber.error(error),
        );
      };
      loop();
      return () => {
        stopped = true;
        if (timer) clearTimeout(timer);
      };
    });
  }
}
