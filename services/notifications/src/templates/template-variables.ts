import { DateTime } from 'luxon';
import type { NotificationData } from '../delivery/notification-job';
import type { ClinicSettings } from '../settings/clinic-settings';
import type { Language } from './notification-kind';
import type { TemplateVariables } from './template-renderer';

const LOCALE: Record<Language, string> = { nb: 'nb-NO', en: 'en-GB' };

/** A dialogue's kind as staff read it. */
const DIALOGUE_KIND: Record<string, Record<Language, string>> = {
  e_contact: { nb: 'e-kontakt', en: 'e-contact' },
  e_consultation: { nb: 'e-konsultasjon', en: 'e-consultation' },
  e_dialogue: { nb: 'e-dialog', en: 'e-dialogue' },
  prescription_renewal: { nb: 'reseptfornyelse', en: 'prescription renewal' },
};

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
    dialogueKind: data.dialogueKind ? (DIALOGUE_KIND[data.dialogueKind]?.[language] ?? '') : '',
    ...(data.alert ?? {}),
  };
}
