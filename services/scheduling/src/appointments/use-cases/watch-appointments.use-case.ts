import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { Principal } from '@carebus/auth';
import { UnauthenticatedError } from '@carebus/errors';
import { TenantScope } from '@carebus/persistence';
import { AuditTrail } from '@carebus/audit';
import { calendarNotFound } from '../../scheduling.errors';
import type { Appointment } from '../appointment';
import { actsForPatient, mayRead } from '../appointment-access';
import { AppointmentWatchRepository, type ChangeKey } from '../appointment-watch.repository';
import { WatchStreams } from '../watch-streams';

export const WATCH_POLL_MS = 1_000;
/**
 * How far behind its cursor each poll reads again. `updated_at` is the changing transaction's
 * start (`now()`), not its commit: a transaction that began before a younger one but commits
 * after it shows up behind a cursor that has already passed the younger one's key. A strict
 * keyset cursor would skip it for good, so each poll re-reads this much behind the cursor and
 * leaves out the keys `(id, updated_at)` it has already sent (in the query, so nothing is read
 * twice over the wire). Chosen over a sequence or xid change number: a sequence value is also
 * taken before commit (the same reordering), and xid/snapshot tracking needs a column every writer
 * sets or an unindexed scan of `xmin`; the overlap keeps the writers as they are and the index
 * `appointments_changed (clinic_id, updated_at, id)` serving every read. A change whose
 * transaction commits more than this long after it began is not delivered; the service's
 * transactions last milliseconds.
 */
export const LOOK_BACK_MICROS = 10_000_000n;
/** Rows per page; a poll reads page after page (keyset) until it has caught up. */
const PAGE = 500;
const FIRST_KEY = '00000000-0000-0000-0000-000000000000';

export interface WatchAppointmentsQuery {
  principal: Principal;
  clinicId: string;
  calendarId?: string | undefined;
  /** When the caller's token expires: the stream ends there with UNAUTHENTICATED `auth.token_expired`. */
  expiresAt: Date;
}

export interface AppointmentChanged {
  appointment: Appointment;
  changedAt: Date;
}

/**
 * A stream of appointments as they change, for partner systems that would otherwise poll
 * ListAppointments. Every change committed after the call began is sent once, in
 * `(updated_at, id)` order, only if the caller may read it (never hidden ones to guardians and
 * partners), and audited as a read in the transaction that read it, before it is sent. A calendar
 * that is not the caller's clinic's is NOT_FOUND; a caller holds at most `WATCH_STREAMS_PER_CALLER`
 * streams (`WatchStreams`); the stream ends when the caller's token expires.
 */
@Injectable()
export class WatchAppointmentsUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly changes: AppointmentWatchRepository,
    private readonly audit: AuditTrail,
    private readonly streams: WatchStreams,
  ) {}

  watch(q: WatchAppointmentsQuery, pollMs = WATCH_POLL_MS): Observable<AppointmentChanged> {
    return new Observable<AppointmentChanged>((subscriber) => {
      let stopped = false;
      const timers: { poll?: NodeJS.Timeout; expiry?: NodeJS.Timeout } = {};
      let release = () => {};
      const stop = () => {
        stopped = true;
        clearTimeout(timers.poll);
        clearTimeout(timers.expiry);
        release();
      };
      const fail = (error: unknown) => {
        if (stopped) return;
        stop();
        subscriber.error(error);
      };

      try {
        actsForPatient(q.principal); // a patient or guardian token without its patient is refused at once
        release = this.streams.acquire(q.principal, q.clinicId);
      } catch (error) {
        fail(error);
        return stop;
      }
      // setTimeout holds at most ~24.8 days; a token lives far shorter.
      const ttl = Math.min(q.expiresAt.getTime() - Date.now(), 2 ** 31 - 1);
      timers.expiry = setTimeout(
        () => fail(new UnauthenticatedError('auth.token_expired', 'The token has expired.')),
        Math.max(ttl, 0),
      );

      const cursor = new ChangeCursor();
      const send = (change: AppointmentChanged): boolean => {
        if (stopped) return false;
        subscriber.next(change);
        return true;
      };
      const loop = () => {
        if (stopped) return;
        this.poll(q, cursor, send).then(() => {
          if (!stopped) timers.poll = setTimeout(loop, pollMs);
        }, fail);
      };
      loop();
      return stop;
    });
  }

  /** One poll: the first checks the calendar and fixes the start; later ones read page by page until caught up. */
  private async poll(
    q: WatchAppointmentsQuery,
    cursor: ChangeCursor,
    send: (change: AppointmentChanged) => boolean,
  ): Promise<void> {
    if (cursor.floor === null) {
      cursor.floor = await this.tenant.withTenant(q.clinicId, async (tx) => {
        if (q.calendarId !== undefined && !(await this.changes.calendarExists(tx, q.calendarId))) {
          throw calendarNotFound();
        }
        return this.changes.nowMicros(tx);
      });
      cursor.last = { atMicros: cursor.floor, id: FIRST_KEY };
      return;
    }
    const floorMicros = cursor.floor;
    let after = cursor.readFrom();
    for (;;) {
      const page = await this.tenant.withTenant(q.clinicId, async (tx) => {
        const rows = await this.changes.changesAfter(tx, {
          after,
          floorMicros,
          calendarId: q.calendarId,
          skip: cursor.sentKeys(),
          limit: PAGE,
        });
        const readable = rows.filter((r) => mayRead(q.principal, r.appointment));
        await this.audit.recordMany(
          tx,
          readable.map(({ appointment: a }) => ({
            clinicId: q.clinicId,
            principal: q.principal,
            action: 'appointments.watch',
            resourceType: 'appointment' as const,
            resourceId: a.id,
            patientId: a.patientId,
            outcome: 'allowed' as const,
          })),
        );
        return { rows, readable: new Set(readable) };
      });
      for (const row of page.rows) {
        cursor.passed(row.key);
        if (
          page.readable.has(row) &&
          !send({ appointment: row.appointment, changedAt: row.appointment.updatedAt })
        )
          return;
      }
      if (page.rows.length < PAGE) break;
      after = page.rows.at(-1)!.key;
    }
    cursor.forgetOld();
  }
}

/** Where a stream stands: its start, the furthest key passed, and the keys passed within the look-back. */
class ChangeCursor {
  floor: bigint | null = null;
  last: ChangeKey = { atMicros: 0n, id: FIRST_KEY };
  private readonly sent = new Map<string, ChangeKey>();

  /** Each poll starts LOOK_BACK_MICROS behind the furthest key, never before the stream's start. */
  readFrom(): ChangeKey {
    const from = this.last.atMicros - LOOK_BACK_MICROS;
    return { atMicros: from > (this.floor ?? 0n) ? from : (this.floor ?? 0n), id: FIRST_KEY };
  }

  passed(key: ChangeKey): void {
    this.sent.set(`${key.id}@${key.atMicros}`, key);
    if (key.atMicros > this.last.atMicros || (key.atMicros === this.last.atMicros && key.id > this.last.id))
      this.last = key;
  }

  sentKeys(): ChangeKey[] {
    return [...this.sent.values()];
  }

  /** Keys behind the look-back are never read again: no need to remember them. */
  forgetOld(): void {
    const horizon = this.last.atMicros - LOOK_BACK_MICROS;
    for (const [k, key] of this.sent) if (key.atMicros < horizon) this.sent.delete(k);
  }
}
