import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import type { ChannelName, DeliveryChannel } from '../channels/channel';
import {
  ClinicSettingsRepository,
  StaffDirectoryRepository,
  type ClinicSettings,
} from '../settings/clinic-settings.repository';
import { addressOn, PatientContactsRepository } from '../settings/patient-contacts.repository';
import { SERVICE_SETTINGS, type ServiceSettings } from '../service-settings';
import { renderTemplate, type RenderedMessage, type TemplateVariables } from '../templates/template-renderer';
import { TemplatesRepository } from '../templates/templates.repository';
import type { Language } from '../templates/notification-kind';
import type { NotificationData, NotificationJob } from './notification-job';

/** Who gets it, from whom, saying what. Patient data: never log it. */
export interface ComposedMessage extends RenderedMessage {
  to: string;
  from: string;
  settings: ClinicSettings;
}

const LOCALE: Record<Language, string> = { nb: 'nb-NO', en: 'en-GB' };

/** Template variables of a notification, times in the clinic's time zone. */
export function variablesOf(
  data: NotificationData,
  settings: ClinicSettings,
  language: Language,
  extra: { patientName?: string | null; practitionerName?: string | null; videoLink?: string | null },
  at: Date,
): TemplateVariables {
  const when = DateTime.fromISO(data.startTime ?? at.toISOString(), { zone: settings.timeZone }).setLocale(
    LOCALE[language],
  );
  return {
    clinicName: settings.clinicName,
    patientName: extra.patientName ?? undefined,
    practitionerName: extra.practitionerName ?? undefined,
    appointmentType: data.appointmentTypeName ?? '',
    date: when.toFormat(language === 'nb' ? 'cccc d. LLLL yyyy' : 'cccc d LLLL yyyy'),
    time: when.toFormat('HH:mm'),
    dateTime: when.toFormat(
      language === 'nb' ? "cccc d. LLLL yyyy 'kl.' HH:mm" : "cccc d LLLL yyyy 'at' HH:mm",
    ),
    videoLink: extra.videoLink ?? undefined,
    ...(data.alert ?? {}),
  };
}

/** Resolves a notification's address and renders its text at send time. */
@Injectable()
export class MessageComposer {
  constructor(
    private readonly settings: ClinicSettingsRepository,
    private readonly contacts: PatientContactsRepository,
    private readonly staff: StaffDirectoryRepository,
    private readonly templates: TemplatesRepository,
    @Inject(SERVICE_SETTINGS) private readonly service: ServiceSettings,
  ) {}

  /** Null when the recipient has no address on `channel` (any more). */
  async compose(
    manager: EntityManager,
    job: NotificationJob,
    channel: DeliveryChannel,
    at: Date,
  ): Promise<ComposedMessage | null> {
    const settings = await this.settings.get(manager, job.clinicId);
    let to: string | null = null;
    let patientName: string | null = null;
    if (job.recipientKind === 'patient') {
      const contact = await this.contacts.find(manager, job.clinicId, job.recipientId);
      if (!contact) return null;
      patientName = contact.name;
      to = channel === 'portal' ? job.recipientId : addressOn(contact, channel as ChannelName);
    } else if (job.recipientId === CLINICAL_ADMIN) {
      to = settings.clinicalAdminEmail;
    } else {
      to = (await this.staff.find(manager, job.clinicId, job.recipientId))?.email ?? null;
    }
    if (!to) return null;
    const practitioner = job.data.practitionerId
      ? await this.staff.find(manager, job.clinicId, job.data.practitionerId)
      : null;
    const template = await this.templates.get(manager, job.clinicId, job.kind, job.language);
    const videoLink =
      job.data.video && job.appointmentId ? `${this.service.videoLinkBaseUrl}/${job.appointmentId}` : null;
    const rendered = renderTemplate(
      template,
      variablesOf(
        job.data,
        settings,
        job.language,
        { patientName, practitionerName: practitioner?.name, videoLink },
        at,
      ),
    );
    const sender = settings.senderEmail ?? this.service.defaultSender;
    const from = settings.senderName
      ? `"${settings.senderName.replace(/["\\\r\n]/g, '')}" <${sender}>`
      : sender;
    return { ...rendered, to, from, settings };
  }
}

/** Recipient id of staff alerts addressed to the clinic's clinical administrator. */
export const CLINICAL_ADMIN = 'clinical-admin';
