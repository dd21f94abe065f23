import { Inject, Injectable } from '@nestjs/common';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  encodeEventPayload,
  EVENTS,
  NotificationChannel,
  RecipientKind as ProtoRecipientKind,
  type EventDefinition,
} from '@carebus/contracts';
import type { OutboxEvent } from '@carebus/outbox';
import type { DeliveryChannel } from '../channels/channel';
import { PROTO_KIND } from '../templates/notification-kind';
import type { JobEvent } from './job-change';
import { currentChannel, type NotificationJob } from './notification-job';
import { NOTIFICATION_TOPICS, type NotificationTopics } from './notification-topics';

const PROTO_CHANNEL: Record<DeliveryChannel, NotificationChannel> = {
  email: NotificationChannel.EMAIL,
  sms: NotificationChannel.SMS,
  push: NotificationChannel.PUSH,
  portal: NotificationChannel.PORTAL,
};

const channelOf = (channel: DeliveryChannel | null) =>
  channel ? PROTO_CHANNEL[channel] : NotificationChannel.UNSPECIFIED;

/** notifications.notification.v1 (requested/sent/failed) and portal messages, as outbox events. */
@Injectable()
export class NotificationEvents {
  constructor(@Inject(NOTIFICATION_TOPICS) private readonly topics: NotificationTopics) {}

  requested(job: NotificationJob): OutboxEvent {
    return this.event(EVENTS.notificationRequested, job, this.topics.notification, {
      notificationId: job.id,
      clinicId: job.clinicId,
      kind: PROTO_KIND[job.kind],
      channel: channelOf(currentChannel(job)),
      recipientKind: job.recipientKind === 'patient' ? ProtoRecipientKind.PATIENT : ProtoRecipientKind.STAFF,
      recipientId: job.recipientId,
      appointmentId: job.appointmentId ?? '',
      causeEventId: job.causeEventId,
      scheduledFor: timestampFromDate(job.dueAt),
    });
  }

  /** The outbox event of a step of the send (see JobEvent). */
  of(job: NotificationJob, event: JobEvent, at: Date): OutboxEvent {
    if (event.type === 'sent') {
      return this.event(EVENTS.notificationSent, job, this.topics.notification, {
        notificationId: job.id,
        clinicId: job.clinicId,
        channel: PROTO_CHANNEL[event.channel],
        providerMessageId: event.providerMessageId,
        sentAt: timestampFromDate(at),
      });
    }
    if (event.type === 'failed') {
      return this.event(EVENTS.notificationFailed, job, this.topics.notification, {
        notificationId: job.id,
        clinicId: job.clinicId,
        channel: channelOf(event.channel),
        errorCode: event.errorCode,
        permanent: event.permanent,
        failedAt: timestampFromDate(at),
        attempt: event.attempt,
      });
    }
    // The portal partner's adapter delivers it; subject and body are patient data.
    const portal = this.event(EVENTS.portalMessageRequested, job, this.topics.portalMessage, {
      portalMessageId: job.id,
      clinicId: job.clinicId,
      patientId: job.recipientId,
      kind: PROTO_KIND[job.kind],
      appointmentId: job.appointmentId ?? '',
      notificationId: job.id,
      subject: event.subject,
      body: event.body,
      requestedAt: timestampFromDate(at),
    });
    // Its event id is the provider message id of the portal send.
    return { ...portal, id: event.id };
  }

  private event<D extends EventDefinition>(
    definition: D,
    job: NotificationJob,
    topic: string,
    payload: object,
  ): OutboxEvent {
    return {
      type: definition.type,
      topic,
      aggregateType: definition.aggregateType,
      aggregateId: job.id,
      clinicId: job.clinicId,
      payload: encodeEventPayload(definition, payload as never),
    };
  }
}
