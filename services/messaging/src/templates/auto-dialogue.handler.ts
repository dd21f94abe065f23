import { Inject, Injectable } from '@nestjs/common';
import { serviceActor } from '@carebus/audit';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { EVENTS } from '@carebus/contracts';
import { EventHandler, isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { InboxesRepository } from '../inboxes/inboxes.repository';
import { OrgUnitsRepository } from '../org/org-units.repository';
import type { MessagingConfig } from '../service';
import { ThreadsService } from '../threads/threads.service';
import { fillPlaceholders } from './placeholders';
import { TemplatesRepository } from './templates.repository';

/**
 * The automatic dialogue of a booked appointment's type: sent once per booking (the booking's
 * row in auto_dialogue_bookings), even when the booking event arrives twice under different ids.
 * It comes from the whole clinic's inbox and carries the appointment's hidden flag.
 */
@Injectable()
export class AutoDialogueHandler {
  constructor(
    private readonly templates: TemplatesRepository,
    private readonly threads: ThreadsService,
    private readonly units: OrgUnitsRepository,
    private readonly inboxes: InboxesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @EventHandler((config: MessagingConfig) => config.MESSAGING_APPOINTMENT_TOPIC, {
    group: (config: MessagingConfig) => `${config.MESSAGING_CONSUMER_GROUP}.bookings`,
    eventTypes: [EVENTS.appointmentBooked.type],
  })
  async handle(event: ConsumedEvent, tx: Tx): Promise<void> {
    if (!isEventOf(event, EVENTS.appointmentBooked)) return;
    const a = event.payload.appointment;
    if (!a?.patientId || !a.appointmentTypeId) return;
    const template = await this.templates.autoDialogueFor(tx, a.appointmentTypeId);
    if (!template) return;
    const now = this.clock.now();
    const start = a.startTime ? timestampDate(a.startTime) : null;
    const values = {
      appointment_type: a.appointmentTypeName,
      date: start ? start.toISOString().slice(0, 10) : '',
      time: start ? start.toISOString().slice(11, 16) : '',
    };
    const inbox = await this.inboxes.shared(tx, (await this.units.wholeClinic(tx, now)).id, now);
    if (await this.templates.sentFor(tx, a.appointmentId)) return;
    const { thread } = await this.threads.start(tx, {
      kind: template.kind,
      patientId: a.patientId,
      subject: fillPlaceholders(template.subject, values),
      body: fillPlaceholders(template.body, values),
      author: { actor: serviceActor('messaging'), kind: 'system' },
      recipientInboxIds: [],
      senderInboxId: inbox.id,
      appointmentId: a.appointmentId,
      hidden: a.hidden,
    });
    // Another delivery of the same booking won meanwhile: fail this one; its retry finds it sent.
    if (!(await this.templates.claimBooking(tx, a.appointmentId, thread.id, now))) {
      throw new Error('automatic dialogue of this booking sent concurrently');
    }
  }
}
