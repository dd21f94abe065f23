import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@carebus/auth';
import { CLOCK, type Clock } from '@carebus/platform';
import { notAVideoAppointment, videoWindowClosed } from '../../scheduling.errors';
import type { Appointment } from '../appointment';
import { AppointmentChanges, requireStatus } from '../appointment-changes';
import { appointmentEvents } from '../appointment-events';
import { videoWindow } from '../video-window';

export interface StartVideoCommand {
  principal: Principal;
  clinicId: string;
  appointmentId: string;
}

/**
 * The patient starts a video appointment, from 10 minutes before its start until 2 hours after.
 * Starting again is a no-op; the first start time and event stand.
 */
@Injectable()
export class StartVideoUseCase {
  constructor(
    private readonly changes: AppointmentChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: StartVideoCommand): Promise<Appointment> {
    return this.changes.run({ ...c, action: 'appointment.start_video' }, (current) => {
      if (current.contactSurface !== 'video') throw notAVideoAppointment();
      requireStatus(current, 'booked', 'arrived');
      const now = this.clock.now();
      const window = videoWindow(current.start);
      if (now < window.opensAt || now > window.closesAt) throw videoWindowClosed(window);
      if (current.videoStartedAt) return null;
      return {
        change: { videoStartedAt: now },
        event: (after) => appointmentEvents.videoStarted(after, now),
      };
    });
  }
}
