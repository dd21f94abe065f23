import { timestampDate } from '@bufbuild/protobuf/wkt';
import { EVENTS } from '@carebus/contracts';
import { isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import type { PlanStaffAlertCommand } from './alert-command';

/**
 * The staff alert a devices.device.v1 event calls for: a clinic device service offline longer
 * than the registry's alert delay; null for every other device event. The device's name and
 * host name are the clinic's own labels, not patient data.
 */
export function deviceAlertCommandOf(event: ConsumedEvent): PlanStaffAlertCommand | null {
  if (!isEventOf(event, EVENTS.deviceOfflineAlert)) return null;
  const p = event.payload;
  const offlineMinutes = p.offlineFor ? Math.floor(Number(p.offlineFor.seconds) / 60) : 0;
  return {
    kind: 'device_offline_alert',
    causeEventId: event.envelope.id,
    fallbackRecipientUserId: null,
    alert: {
      deviceId: p.deviceId,
      deviceName: p.name || p.hostname,
      hostname: p.hostname,
      offlineMinutes: String(offlineMinutes),
    },
    occurredAt: p.offlineSince ? timestampDate(p.offlineSince) : new Date(),
  };
}
