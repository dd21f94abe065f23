import { Inject, Injectable } from '@nestjs/common';
import type { Tx } from '@carebus/persistence';
import type { ChannelName, DeliveryChannel } from '../channels/channel';
import { addressOn } from '../contacts/patient-contact';
import { PatientContactsRepository } from '../contacts/patient-contacts.repository';
import { SERVICE_SETTINGS, type ServiceSettings } from '../service-settings';
import type { ClinicSettings } from '../settings/clinic-settings';
import { ClinicSettingsRepository } from '../settings/clinic-settings.repository';
import { StaffDirectoryRepository, staffAddressOn } from '../settings/staff-directory.repository';
import { renderTemplate, type RenderedMessage } from '../templates/template-renderer';
import { variablesOf } from '../templates/template-variables';
import { TemplatesRepository } from '../templates/templates.repository';
import { CLINICAL_ADMIN, type NotificationJob } from './notification-job';

/** Who gets it, from whom, saying what. Patient data: never log it. */
export interface ComposedMessage extends RenderedMessage {
  to: string;
  from: string;
  settings: ClinicSettings;
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
    tx: Tx,
    job: NotificationJob,
    channel: DeliveryChannel,
    at: Date,
  ): Promise<ComposedMessage | null> {
    const settings = await this.settings.get(tx);
    let to: string | null = null;
    let patientName: string | null = null;
    if (job.recipientKind === 'patient') {
      const contact = await this.contacts.find(tx, job.recipientId);
      if (!contact) return null;
      patientName = contact.name;
      to = channel === 'portal' ? job.recipientId : addressOn(contact, channel as ChannelName);
    } else if (job.recipientId === CLINICAL_ADMIN) {
      to = settings.clinicalAdminEmail;
    } else {
      const member = await this.staff.find(tx, job.recipientId);
      to = member ? staffAddressOn(member, channel) : null;
    }
    if (!to) return null;
    const practitioner = job.data.practitionerId ? await this.staff.find(tx, job.data.practitionerId) : null;
    const template = await this.templates.get(tx, job.kind, job.language);
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
