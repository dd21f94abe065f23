import { Inject, Injectable } from '@nestjs/common';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { EntityManager } from 'typeorm';
import {
  encodeEventPayload,
  EVENTS,
  NotificationChannel,
  RecipientKind as ProtoRecipientKind,
  type EventDefinition,
} from '@carebus/contracts';
import { Outbox } from '@carebus/outbox';
import type { DeliveryChannel } from '../channels/channel';
import { PROTO_KIND } from '../templates/notification-kind';
import { NOTIFICATION_TOPICS, type NotificationTopics } from './notification-topics';
import type { NotificationJob } from './notification-job';

const PROTO_CHANNEL: Record<DeliveryChannel, NotificationChannel> = {
  email: NotificationChannel.EMAIL,
  sms: NotificationChannel.SMS,
  push: NotificationChannel.PUSH,
  portal: NotificationChannel.PORTAL,
};

const channelOf = (channel: DeliveryChannel | null) =>
  channel ? PROTO_CHANNEL[channel] : NotificationChannel.UNSPECIFIED;

/** notifications.notification.v1 (requested/sent/failed) and portal messages, through the outbox. */
@Injectable()
export class NotificationEvents {
  constructor(
    private readonly outbox: Outbox,
    @Inject(NOTIFICATION_TOPICS) private readonly topics: NotificationTopics,
  ) {}

  requested(manager: EntityManager, job: NotificationJob): Promise<string> {
    return this.add(manager, EVENTS.notificationRequested, job, this.topics.notification, {
      notificationId: job.id,
      clinicId: job.clinicId,
      kind: PROTO_KIND[job.kind],
      channel: channelOf(job.channels[job.channelIndex] ?? null),
      recipientKind: job.recipientKind === 'patient' ? ProtoRecipientKind.PATIENT : ProtoRecipientKind.STAFF,
      recipientId: job.recipientId,
      appointmentId: job.appointmentId ?? '',
      causeEventId: job.causeEventId,
      scheduledFor: timestampFromDate(job.dueAt),
    });
  }

  sent(
    manager: EntityManager,
    job: NotificationJob,
    channel: DeliveryChannel,
    providerMessageId: string,
    at: Date,
  ) {
    return this.add(manager, EVENTS.notificationSent, job, this.topics.notification, {
      notificationId: job.id,
      clinicId: job.clinicId,
      channel: PROTO_CHANNEL[channel],
      providerMessageId,
      sentAt: timestampFromDate(at),
    });
  }

  failed(
    manager: EntityManager,
    job: NotificationJob,
    channel: DeliveryChannel | null,
    failure: { errorCode: string; permanent: boolean; attempt: number },
    at: Date,
  ) {
    return this.add(manager, EVENTS.notificationFailed, job, this.topics.notification, {
      notificationId: job.id,
      clinicId: job.clinicId,
      channel: channelOf(channel),
      errorCode: failure.errorCode,
      permanent: failure.permanent,
      failedAt: timestampFromDate(at),
      attempt: failure.attempt,
    });
  }

  /** The portal partner's adapter delivers it; subject and body are patient data. */
  portalMessage(
    manager: EntityManager,
    job: NotificationJob,
    message: { subject: string; body: string },
    at: Date,
  ) {
    return this.add(manager, EVENTS.portalMessageRequested, job, this.topics.portalMessage, {
      portalMessageId: job.id,
      clinicId: job.clinicId,
      patientId: job.recipientId,
      kind: PROTO_KIND[job.kind],
      appointmentId: job.appointmentId ?? '',
      notificationId: job.id,
      subject: message.subject,
      body: message.body,
      requestedAt: timestampFromDate(at),
    });
  }

  private add<D extends EventDefinition>(
    manager: EntityManager,
    definition: D,
    job: NotificationJob,
    topic: string,
    payload: object,
  ): Promise<string> {
    return this.outbox.add(manager, {
      type: definition.type,
      topic,
      aggregateType: definition.aggregateType,
      aggregateId: job.id,
      clinicId: job.clinicId,
      payload: encodeEventPayload(definition, payload as never),
    });
  }
}
