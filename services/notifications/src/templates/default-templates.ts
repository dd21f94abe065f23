import type { Language, NotificationKind } from './notification-kind';

export interface TemplateText {
  subject: string;
  body: string;
}

/** Built-in texts used when a clinic has not written its own (Handlebars; variables in docs/notifications.md). */
export const DEFAULT_TEMPLATES: Record<NotificationKind, Record<Language, TemplateText>> = {
  booking_confirmation: {
    nb: {
      subject: 'Timebekreftelse fra {{clinicName}}',
      body: 'Hei{{#if patientName}} {{patientName}}{{/if}}! Du har time {{appointmentType}} hos {{clinicName}} {{dateTime}}{{#if practitionerName}} med {{practitionerName}}{{/if}}.{{#if videoLink}} Videolenke: {{videoLink}}{{/if}}',
    },
    en: {
      subject: 'Appointment confirmed at {{clinicName}}',
      body: 'Hello{{#if patientName}} {{patientName}}{{/if}}! Your {{appointmentType}} appointment at {{clinicName}} is on {{dateTime}}{{#if practitionerName}} with {{practitionerName}}{{/if}}.{{#if videoLink}} Video link: {{videoLink}}{{/if}}',
    },
  },
  appointment_changed: {
    nb: {
      subject: 'Timen din hos {{clinicName}} er endret',
      body: 'Timen din hos {{clinicName}} er endret til {{dateTime}}{{#if practitionerName}} med {{practitionerName}}{{/if}}.{{#if videoLink}} Videolenke: {{videoLink}}{{/if}}',
    },
    en: {
      subject: 'Your appointment at {{clinicName}} has changed',
      body: 'Your appointment at {{clinicName}} is now on {{dateTime}}{{#if practitionerName}} with {{practitionerName}}{{/if}}.{{#if videoLink}} Video link: {{videoLink}}{{/if}}',
    },
  },
  appointment_cancelled: {
    nb: {
      subject: 'Timen din hos {{clinicName}} er avlyst',
      body: 'Timen din hos {{clinicName}} {{dateTime}} er avlyst.',
    },
    en: {
      subject: 'Your appointment at {{clinicName}} is cancelled',
      body: 'Your appointment at {{clinicName}} on {{dateTime}} has been cancelled.',
    },
  },
  appointment_reminder: {
    nb: {
      subject: 'Påminnelse: time hos {{clinicName}} {{dateTime}}',
      body: 'Påminnelse: du har time hos {{clinicName}} {{dateTime}}{{#if practitionerName}} med {{practitionerName}}{{/if}}.{{#if videoLink}} Videolenke: {{videoLink}}{{/if}}',
    },
    en: {
      subject: 'Reminder: appointment at {{clinicName}} on {{dateTime}}',
      body: 'Reminder: you have an appointment at {{clinicName}} on {{dateTime}}{{#if practitionerName}} with {{practitionerName}}{{/if}}.{{#if videoLink}} Video link: {{videoLink}}{{/if}}',
    },
  },
  key_vault_access_alert: {
    nb: {
      subject: 'Varsel: krypteringsnøkkelen til {{clinicName}} ble brukt',
      body: 'Krypteringsnøkkelen (SEK) for område {{siteId}} ble brukt: handling {{action}}, utfall {{outcome}}, av {{actor}} {{dateTime}}.',
    },
    en: {
      subject: 'Alert: the shared encryption key of {{clinicName}} was accessed',
      body: 'The shared encryption key of site {{siteId}} was accessed: action {{action}}, outcome {{outcome}}, by {{actor}} on {{dateTime}}.',
    },
  },
  sync_error_alert: {
    nb: {
      subject: 'Varsel: journalsynkronisering feilet',
      body: 'Synkronisering av journalforbindelse {{connectionId}} endte {{outcome}} ({{errorCode}}) {{dateTime}}.',
    },
    en: {
      subject: 'Alert: EHR sync failed',
      body: 'The sync of EHR connection {{connectionId}} ended {{outcome}} ({{errorCode}}) on {{dateTime}}.',
    },
  },
  connection_deauthorized_alert: {
    nb: {
      subject: 'Varsel: journalforbindelsen må autoriseres på nytt',
      body: 'Journalforbindelse {{connectionId}} ({{ehrSystem}}) ble avautorisert {{dateTime}} ({{errorCode}}). Logg inn og autoriser på nytt; oppsettet beholdes.',
    },
    en: {
      subject: 'Alert: EHR connection needs re-authentication',
      body: 'EHR connection {{connectionId}} ({{ehrSystem}}) was de-authorised on {{dateTime}} ({{errorCode}}). Re-authenticate; its configuration is kept.',
    },
  },
  credentials_rejected_alert: {
    nb: {
      subject: 'Varsel: journalsystemet avviste påloggingen',
      body: 'Journalsystemet ({{ehrSystem}}) avviste påloggingen for forbindelse {{connectionId}} {{dateTime}} ({{errorCode}}).',
    },
    en: {
      subject: 'Alert: the EHR rejected the connection credentials',
      body: 'The EHR ({{ehrSystem}}) rejected the credentials of connection {{connectionId}} on {{dateTime}} ({{errorCode}}).',
    },
  },
  // Never the dialogue's subject or text: only that there is something to read, and where.
  new_dialogue: {
    nb: {
      subject: 'Ny melding fra {{clinicName}}',
      body: 'Hei{{#if patientName}} {{patientName}}{{/if}}! Du har fått en ny melding fra {{clinicName}}. Logg inn for å lese den.',
    },
    en: {
      subject: 'New message from {{clinicName}}',
      body: 'Hello{{#if patientName}} {{patientName}}{{/if}}! You have a new message from {{clinicName}}. Sign in to read it.',
    },
  },
  new_dialogue_staff: {
    nb: {
      subject: 'Ny dialog i innboksen din ({{dialogueKind}})',
      body: 'En ny dialog ({{dialogueKind}}) har kommet til innboksen din hos {{clinicName}} {{dateTime}}. Logg inn for å lese den.',
    },
    en: {
      subject: 'New dialogue in your inbox ({{dialogueKind}})',
      body: 'A new dialogue ({{dialogueKind}}) arrived in your inbox at {{clinicName}} on {{dateTime}}. Sign in to read it.',
    },
  },
  device_offline_alert: {
    nb: {
      subject: 'Varsel: klinikkenheten {{deviceName}} er frakoblet',
      body: 'Klinikkenheten {{deviceName}} (maskin {{hostname}}) har vært frakoblet siden {{dateTime}}, i {{offlineMinutes}} minutter. Sjekk at maskinen er på og har nettverk.',
    },
    en: {
      subject: 'Alert: clinic device {{deviceName}} is offline',
      body: 'The clinic device service {{deviceName}} (computer {{hostname}}) has been offline since {{dateTime}}, for {{offlineMinutes}} minutes. Check that the computer is on and connected.',
    },
  },
};
