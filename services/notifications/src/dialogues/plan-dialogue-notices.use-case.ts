import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Outbox } from '@carebus/outbox';
import type { Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { patientChannels } from '../appointments/patient-channels';
import { PatientContactsRepository } from '../contacts/patient-contacts.repository';
import { DeliveryLogRepository } from '../delivery/delivery-log.repository';
import type { NotificationJob, RecipientKind } from '../delivery/notification-job';
import { NotificationEvents } from '../delivery/notification-events';
import { NotificationsRepository } from '../delivery/notifications.repository';
import { ClinicSettingsRepository } from '../settings/clinic-settings.repository';
import { EnablementRepository } from '../settings/enablement.repository';
import { StaffDirectoryRepository } from '../settings/staff-directory.repository';
import type { Language, NotificationKind } from '../templates/notification-kind';
import type { PlanDialogueNoticesCommand } from './dialogue-command';
import { patientNoticeRoute, staffNoticeRoute, type NoticeRoute } from './dialogue-recipients';

interface Notice {
  kind: NotificationKind;
  recipientKind: RecipientKind;
  recipientId: string;
  language: Language;
  route: NoticeRoute;
}

/**
 * One notice per recipient of a dialogue's new message, in the consumer's transaction (with the
 * inbox claim, so a redelivered event plans nothing twice; `dedupe_key` guards the same): staff
 * by the channels they opted in to, the patient through the portal or the clinic's enabled
 * channels. A recipient who cannot be told gets a suppressed job with the reason, so the
 * delivery log says why nothing went out. The texts say only that there is something to read.
 */
@Injectable()
export class PlanDialogueNoticesUseCase {
  constructor(
    private readonly jobs: NotificationsRepository,
    private readonly log: DeliveryLogRepository,
    private readonly staff: StaffDirectoryRepository,
    private readonly contacts: PatientContactsRepository,
    private readonly enablement: EnablementRepository,
    private readonly settings: ClinicSettingsRepository,
    private readonly events: NotificationEvents,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(tx: Tx, cmd: PlanDialogueNoticesCommand): Promise<{ planned: number; skipped: number }> {
    const language = (await this.settings.get(tx)).defaultLanguage;
    const notices: Notice[] = [];
    for (const subject of cmd.staffSubjects) {
      const member = await this.staff.find(tx, subject);
      const route = staffNoticeRoute(member);
      notices.push({
        kind: 'new_dialogue_staff',
        recipientKind: 'staff',
        recipientId: subject,
        language,
        route,
      });
    }
    if (cmd.patientId) notices.push(await this.patientNotice(tx, cmd, cmd.patientId, language));
    let planned = 0;
    for (const notice of notices) if (await this.plan(tx, cmd, notice)) planned++;
    return { planned, skipped: notices.filter((n) => n.route.skipped).length };
  }

  private async patientNotice(
    tx: Tx,
    cmd: PlanDialogueNoticesCommand,
    patientId: string,
    clinicLanguage: Language,
  ): Promise<Notice> {
    const base = { kind: 'new_dialogue', recipientKind: 'patient', recipientId: patientId } as const;
    if (cmd.fromNationalPortal) {
      return { ...base, language: clinicLanguage, route: patientNoticeRoute(true, []) };
    }
    const contact = await this.contacts.find(tx, patientId);
    const enabled = await this.enablement.resolve(tx, null, null);
    const channels = patientChannels({ hidden: cmd.hidden }, contact, enabled);
    return {
      ...base,
      language: contact?.language ?? clinicLanguage,
      route: patientNoticeRoute(false, channels),
    };
  }

  /** False when the same event planned this notice already. */
  private async plan(tx: Tx, cmd: PlanDialogueNoticesCommand, n: Notice): Promise<boolean> {
    const now = this.clock.now();
    const skipped = n.route.skipped;
    const job: NotificationJob = {
      id: uuidv7(),
      clinicId: tx.clinicId,
      kind: n.kind,
      recipientKind: n.recipientKind,
      recipientId: n.recipientId,
      appointmentId: null,
      causeEventId: cmd.causeEventId,
      dedupeKey: `${cmd.causeEventId}:${n.kind}:${n.recipientId}`,
      channels: n.route.channels,
      channelIndex: 0,
      status: skipped ? 'suppressed' : 'pending',
      dueAt: now,
      expiresAt: null,
      attempts: 0,
      leaseOwner: null,
      inDoubtSince: null,
      language: n.language,
      data: { startTime: cmd.postedAt.toISOString(), threadId: cmd.threadId, dialogueKind: cmd.dialogueKind },
      providerMessageId: null,
      lastError: skipped,
      createdAt: now,
      sentAt: null,
    };
    if (!(await this.jobs.insert(tx, job))) return false;
    const requested = { event: 'requested', channel: n.route.channels[0] ?? null } as const;
    if (skipped) {
      await this.log.append(tx, job.id, now, [requested, { event: 'suppressed', errorCode: skipped }]);
      return true;
    }
    await this.log.append(tx, job.id, now, [requested]);
    await this.outbox.add(tx, this.events.requested(job));
    return true;
  }
}
