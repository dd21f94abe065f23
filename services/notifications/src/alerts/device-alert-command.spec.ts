import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { DeviceNamedSchema, DeviceOfflineAlertSchema, EVENTS } from '@carebus/contracts';
import type { ConsumedEvent } from '@carebus/messaging-kafka';
import { deviceAlertCommandOf } from './device-alert-command';

const eventOf = (type: string, payload: unknown) =>
  ({ envelope: { id: 'e-1', type }, payload }) as unknown as ConsumedEvent;

describe('staff alerts from devices.device.v1', () => {
  const since = new Date('2030-03-12T09:30:00Z');
  const alert = (name: string) =>
    create(DeviceOfflineAlertSchema, {
      deviceId: 'd-1',
      clinicId: 'k-1',
      name,
      hostname: 'resepsjon-pc',
      offlineSince: timestampFromDate(since),
      offlineFor: { seconds: 659n, nanos: 0 },
    });

  it('mails an offline clinic device as a device offline alert, named by its host while unnamed', () => {
    expect(deviceAlertCommandOf(eventOf(EVENTS.deviceOfflineAlert.type, alert('Resepsjon')))).toEqual({
      kind: 'device_offline_alert',
      causeEventId: 'e-1',
      fallbackRecipientUserId: null,
      alert: { deviceId: 'd-1', deviceName: 'Resepsjon', hostname: 'resepsjon-pc', offlineMinutes: '10' },
      occurredAt: since,
    });
    expect(deviceAlertCommandOf(eventOf(EVENTS.deviceOfflineAlert.type, alert('')))!.alert.deviceName).toBe(
      'resepsjon-pc',
    );
  });

  it('plans nothing for the other device events', () => {
    const named = create(DeviceNamedSchema, { deviceId: 'd-1', clinicId: 'k-1', name: 'x' });
    expect(deviceAlertCommandOf(eventOf(EVENTS.deviceNamed.type, named))).toBeNull();
  });
});
