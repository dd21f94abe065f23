import { AppointmentStatus, type Appointment } from '@carebus/contracts';
import { DomainError, isRetryable } from '@carebus/errors';
import { appointmentStateOf, appointmentVersionOf, versionDecision } from './appointment-version';

const at = (version: bigint, status = AppointmentStatus.BOOKED) => ({ version, status }) as Appointment;

describe('appointment versions', () => {
  describe('versionDecision', () => {
    it('applies the first versioned event of an appointment, whatever its version', () => {
      expect(versionDecision(null, 1)).toBe('apply');
      expect(versionDecision(null, 7)).toBe('apply');
    });

    it('applies a newer version, also across a gap (a change that emitted no event)', () => {
      expect(versionDecision(1, 2)).toBe('apply');
      expect(versionDecision(2, 5)).toBe('apply');
    });

    it('finds an older version stale: booked (1) retried after cancelled (2)', () => {
      expect(versionDecision(2, 1)).toBe('stale');
      expect(versionDecision(9, 3)).toBe('stale');
    });

    it('finds an equal version stale: the same change delivered again', () => {
      expect(versionDecision(3, 3)).toBe('stale');
    });
  });

  describe('appointmentVersionOf', () => {
    it('reads the version as a number', () => {
      expect(appointmentVersionOf(at(1n))).toBe(1);
      expect(appointmentVersionOf(at(BigInt(Number.MAX_SAFE_INTEGER)))).toBe(Number.MAX_SAFE_INTEGER);
    });

    it('reads 0 (a producer from before versions) as no version', () => {
      expect(appointmentVersionOf(at(0n))).toBeNull();
    });

    it.each([-1n, BigInt(Number.MAX_SAFE_INTEGER) + 1n])(
      'refuses %s as invalid, so it is dead-lettered, never retried',
      (version) => {
        let error: unknown;
        try {
          appointmentVersionOf(at(version));
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('notifications.invalid_event');
        expect(isRetryable(error)).toBe(false);
      },
    );
  });

  it('keeps the status beside the version; an unknown status reads as unspecified', () => {
    expect(appointmentStateOf(at(2n, AppointmentStatus.CANCELLED))).toBe('cancelled');
    expect(appointmentStateOf(at(2n, AppointmentStatus.NO_SHOW))).toBe('no_show');
    expect(appointmentStateOf(at(2n, 42 as AppointmentStatus))).toBe('unspecified');
  });
});
