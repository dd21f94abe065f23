import type { SendResult } from '../channels/channel';
import { DEFAULT_SETTINGS } from '../settings/clinic-settings';
import type { JobState } from './job-change';
import type { NotificationJob } from './notification-job';
import {
  backoffMs,
  beginAttempt,
  finishAttempt,
  stillClaimed,
  type AttemptInput,
  type RetryPolicy,
  type Transition,
} from './send-transition';

const NOW = new Date('2030-06-03T11:00:00Z'); // 13:00 in Oslo: outside the default quiet hours
const HOUR = 3600_000;
const POLICY: RetryPolicy = { retryBaseMs: 1_000, retryMaxMs: 30_000, maxDeliveryAgeMs: 6 * HOUR };
const PORTAL_ID = '0190a1b2-0000-7000-8000-000000000001';

function job(overrides: Partial<NotificationJob> = {}): NotificationJob {
  return {
    id: '0190a1b2-0000-7000-8000-00000000000a',
    clinicId: '0190a1b2-0000-7000-8000-00000000000c',
    kind: 'appointment_reminder',
    recipientKind: 'patient',
    recipientId: '0190a1b2-0000-7000-8000-00000000000f',
    appointmentId: null,
    causeEventId: 'event-1',
    dedupeKey: 'event-1:appointment_reminder:p',
    channels: ['email'],
    channelIndex: 0,
    status: 'pending',
    dueAt: new Date(NOW.getTime() - 60_000),
    expiresAt: null,
    attempts: 0,
    leaseOwner: 'worker-1',
    inDoubtSince: null,
    language: 'nb',
    data: {},
    providerMessageId: null,
    lastError: null,
    createdAt: new Date(NOW.getTime() - HOUR),
    sentAt: null,
    ...overrides,
  };
}

const message = (settings: Partial<typeof DEFAULT_SETTINGS> = {}): AttemptInput['message'] => ({
  subject: 'Påminnelse',
  text: 'Du har time',
  html: '<p>Du har time</p>',
  settings: { clinicId: job().clinicId, ...DEFAULT_SETTINGS, ...settings },
});

const input = (overrides: Partial<AttemptInput> = {}): AttemptInput => ({
  inDoubt: false,
  message: message(),
  now: NOW,
  portalMessageId: PORTAL_ID,
  ...overrides,
});

/** The state a settled step leaves (every settled step also gives the lease back). */
function settled(step: Transition): JobState {
  if (step.change.kind !== 'settle') throw new Error(`expected a settled change, got ${step.change.kind}`);
  return step.change.next;
}

const unchanged = (j: NotificationJob): JobState => ({
  status: j.status,
  dueAt: j.dueAt,
  channelIndex: j.channelIndex,
  providerMessageId: j.providerMessageId,
  lastError: j.lastError,
  sentAt: j.sentAt,
});

describe('beginAttempt: before the channel call', () => {
  it('marks the attempt in doubt and counts it when a message is ready', () => {
    const step = beginAttempt(job({ attempts: 2 }), input());
    expect(step).toEqual({
      outcome: 'sending',
      channel: 'email',
      change: { kind: 'sending', attempts: 3, since: NOW },
      log: [],
      events: [],
    });
  });

  it('logs a previous attempt left in doubt first, with its attempt number', () => {
    const step = beginAttempt(job({ attempts: 2 }), input({ inDoubt: true }));
    expect(step.outcome).toBe('sending');
    expect(step.log).toEqual([{ event: 'in_doubt', channel: 'email', attempt: 2 }]);
  });

  it('suppresses an expired job unsent, also exactly at its expiry, whatever the message', () => {
    for (const expiresAt of [NOW, new Date(NOW.getTime() - 1)]) {
      const j = job({ expiresAt });
      const step = beginAttempt(j, input());
      expect(step.outcome).toBe('suppressed');
      expect(settled(step)).toEqual({
        ...unchanged(j),
        status: 'suppressed',
        lastError: 'notifications.expired',
      });
      expect(step.log).toEqual([
        { event: 'suppressed', channel: 'email', errorCode: 'notifications.expired' },
      ]);
      expect(step.events).toEqual([]);
    }
  });

  it('sends a job that expires later', () => {
    expect(beginAttempt(job({ expiresAt: new Date(NOW.getTime() + 1) }), input()).outcome).toBe('sending');
  });

  it('logs in doubt before the suppression of an expired job', () => {
    const step = beginAttempt(job({ expiresAt: NOW, attempts: 1 }), input({ inDoubt: true }));
    expect(step.log.map((e) => e.event)).toEqual(['in_doubt', 'suppressed']);
  });

  it('fails a job without a channel (none planned, or every fallback used)', () => {
    for (const j of [job({ channels: [] }), job({ channels: ['sms'], channelIndex: 1 })]) {
      const step = beginAttempt(j, input({ message: null }));
      expect(step.outcome).toBe('failed');
      expect(step.channel).toBeNull();
      expect(settled(step)).toEqual({
        ...unchanged(j),
        status: 'failed',
        lastError: 'notifications.no_channel',
      });
      expect(step.log).toEqual([{ event: 'failed', channel: null, errorCode: 'notifications.no_channel' }]);
      expect(step.events).toEqual([]);
    }
  });

  describe('portal', () => {
    const portalJob = job({ channels: ['portal'], attempts: 0 });

    it('hands over as an event committed with the sent mark: exactly once, never in doubt', () => {
      const step = beginAttempt(portalJob, input());
      expect(step.outcome).toBe('sent');
      expect(step.channel).toBe('portal');
      expect(settled(step)).toEqual({
        ...unchanged(portalJob),
        status: 'sent',
        sentAt: NOW,
        providerMessageId: PORTAL_ID,
        lastError: null,
      });
      expect(step.log).toEqual([
        { event: 'sent', channel: 'portal', attempt: 1 },
        { event: 'provider_accepted', channel: 'portal', attempt: 1, providerMessageId: PORTAL_ID },
      ]);
      expect(step.events).toEqual([
        { type: 'portal_message', id: PORTAL_ID, subject: 'Påminnelse', body: 'Du har time' },
        { type: 'sent', channel: 'portal', providerMessageId: PORTAL_ID },
      ]);
    });

    it('fails without falling back when the patient is not known (no contact)', () => {
      const step = beginAttempt(portalJob, input({ message: null }));
      expect(step.outcome).toBe('failed');
      expect(settled(step)).toEqual({
        ...unchanged(portalJob),
        status: 'failed',
        lastError: 'notifications.no_address',
      });
      expect(step.log).toEqual([
        { event: 'failed', channel: 'portal', errorCode: 'notifications.no_address' },
      ]);
      expect(step.events).toEqual([]);
    });
  });

  describe('no address on the channel', () => {
    it('falls back to the next channel, due now', () => {
      const j = job({ channels: ['sms', 'email'], attempts: 0 });
      const step = beginAttempt(j, input({ message: null }));
      expect(step.outcome).toBe('fallback');
      expect(step.channel).toBe('sms');
      expect(settled(step)).toEqual({
        ...unchanged(j),
        channelIndex: 1,
        dueAt: NOW,
        lastError: 'notifications.no_address',
      });
      expect(step.log).toEqual([
        { event: 'failed', channel: 'sms', attempt: 0, errorCode: 'notifications.no_address' },
        { event: 'fallback', channel: 'email' },
      ]);
      expect(step.events).toEqual([
        {
          type: 'failed',
          channel: 'sms',
          errorCode: 'notifications.no_address',
          permanent: true,
          attempt: 1,
        },
      ]);
    });

    it('fails the job on its last channel', () => {
      const j = job({ channels: ['sms', 'email'], channelIndex: 1, attempts: 3 });
      const step = beginAttempt(j, input({ message: null }));
      expect(step.outcome).toBe('failed');
      expect(settled(step)).toEqual({
        ...unchanged(j),
        status: 'failed',
        lastError: 'notifications.no_address',
      });
      expect(step.log).toEqual([
        { event: 'failed', channel: 'email', attempt: 3, errorCode: 'notifications.no_address' },
      ]);
      expect(step.events).toEqual([
        {
          type: 'failed',
          channel: 'email',
          errorCode: 'notifications.no_address',
          permanent: true,
          attempt: 3,
        },
      ]);
    });
  });

  describe('quiet hours (21:00–08:00 Oslo by default)', () => {
    const lateEvening = new Date('2030-06-03T21:00:00Z'); // 23:00 CEST

    it('delays an SMS or push to the end of the quiet period, keeping its last error', () => {
      for (const channel of ['sms', 'push'] as const) {
        const j = job({ channels: [channel], lastError: 'notifications.provider_error' });
        const step = beginAttempt(j, input({ now: lateEvening }));
        expect(step.outcome).toBe('delayed');
        expect(settled(step)).toEqual({ ...unchanged(j), dueAt: new Date('2030-06-04T06:00:00Z') });
        expect(step.log).toEqual([{ event: 'delayed', channel, errorCode: 'notifications.quiet_hours' }]);
        expect(step.events).toEqual([]);
      }
    });

    it("follows the clinic's own quiet hours and time zone", () => {
      const london = message({ timeZone: 'Europe/London', quietHoursStart: 22 * 60, quietHoursEnd: 7 * 60 });
      // 23:00 CEST is 22:00 in London: quiet there until 07:00 BST (06:00Z).
      const step = beginAttempt(job({ channels: ['sms'] }), input({ now: lateEvening, message: london }));
      expect(settled(step).dueAt).toEqual(new Date('2030-06-04T06:00:00Z'));
    });

    it('sends an SMS outside quiet hours, and e-mail at any hour', () => {
      expect(beginAttempt(job({ channels: ['sms'] }), input()).outcome).toBe('sending');
      expect(beginAttempt(job({ channels: ['email'] }), input({ now: lateEvening })).outcome).toBe('sending');
    });
  });
});

describe('finishAttempt: after the channel answered', () => {
  const sending = job({ channels: ['sms', 'email'], attempts: 1, inDoubtSince: NOW });
  const accepted: SendResult = { ok: true, providerMessageId: '<id@provider>' };
  const transient = (retries = 0): SendResult => ({
    ok: false,
    permanent: false,
    errorCode: 'notifications.smtp_unreachable',
    retries,
  });
  const rejected = (retries = 0): SendResult => ({
    ok: false,
    permanent: true,
    errorCode: 'notifications.provider_rejected',
    retries,
  });

  it('marks a provider-accepted message sent, logs it twice and announces it', () => {
    const step = finishAttempt(sending, 'sms', accepted, NOW, POLICY);
    expect(step.outcome).toBe('sent');
    expect(settled(step)).toEqual({
      ...unchanged(sending),
      status: 'sent',
      sentAt: NOW,
      providerMessageId: '<id@provider>',
      lastError: null,
    });
    expect(step.log).toEqual([
      { event: 'sent', channel: 'sms', attempt: 1 },
      { event: 'provider_accepted', channel: 'sms', attempt: 1, providerMessageId: '<id@provider>' },
    ]);
    expect(step.events).toEqual([{ type: 'sent', channel: 'sms', providerMessageId: '<id@provider>' }]);
  });

  it('retries a transient failure on the same channel after the backoff', () => {
    const step = finishAttempt(sending, 'sms', transient(), NOW, POLICY);
    expect(step.outcome).toBe('retry');
    expect(settled(step)).toEqual({
      ...unchanged(sending),
      dueAt: new Date(NOW.getTime() + 1_000),
      lastError: 'notifications.smtp_unreachable',
    });
    expect(step.log).toEqual([
      { event: 'retried', channel: 'sms', attempt: 1, errorCode: 'notifications.smtp_unreachable' },
    ]);
    expect(step.events).toEqual([
      {
        type: 'failed',
        channel: 'sms',
        errorCode: 'notifications.smtp_unreachable',
        permanent: false,
        attempt: 1,
      },
    ]);
  });

  it('doubles the backoff per attempt up to the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffMs(attempt, POLICY))).toEqual([
      1_000, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
    const fourth = finishAttempt(job({ attempts: 4 }), 'email', transient(), NOW, POLICY);
    expect(settled(fourth).dueAt).toEqual(new Date(NOW.getTime() + 8_000));
  });

  it('falls back to the next channel on a permanent failure, logging the provider’s own retries first', () => {
    const step = finishAttempt(sending, 'sms', rejected(2), NOW, POLICY);
    expect(step.outcome).toBe('fallback');
    expect(step.log.map((e) => `${e.event}:${e.channel}`)).toEqual([
      'retried:sms',
      'retried:sms',
      'failed:sms',
      'fallback:email',
    ]);
    expect(step.log[2]).toEqual({
      event: 'failed',
      channel: 'sms',
      attempt: 1,
      errorCode: 'notifications.provider_rejected',
    });
    expect(settled(step)).toEqual({
      ...unchanged(sending),
      channelIndex: 1,
      dueAt: NOW,
      lastError: 'notifications.provider_rejected',
    });
    expect(step.events).toEqual([
      {
        type: 'failed',
        channel: 'sms',
        errorCode: 'notifications.provider_rejected',
        permanent: true,
        attempt: 1,
      },
    ]);
  });

  it('fails the job when the last channel fails for good', () => {
    const last = job({ channels: ['sms', 'email'], channelIndex: 1, attempts: 2 });
    const step = finishAttempt(last, 'email', rejected(), NOW, POLICY);
    expect(step.outcome).toBe('failed');
    expect(settled(step)).toEqual({
      ...unchanged(last),
      status: 'failed',
      lastError: 'notifications.provider_rejected',
    });
    expect(step.log).toEqual([
      { event: 'failed', channel: 'email', attempt: 2, errorCode: 'notifications.provider_rejected' },
    ]);
  });

  it('gives a transiently failing channel up once the job is older than MAX_DELIVERY_AGE_MS', () => {
    const old = job({ ...sending, createdAt: new Date(NOW.getTime() - POLICY.maxDeliveryAgeMs - 1) });
    const step = finishAttempt(old, 'sms', transient(), NOW, POLICY);
    expect(step.outcome).toBe('fallback');
    expect(step.events).toEqual([
      {
        type: 'failed',
        channel: 'sms',
        errorCode: 'notifications.smtp_unreachable',
        permanent: true,
        attempt: 1,
      },
    ]);
    const alone = job({ ...old, channels: ['sms'] });
    expect(finishAttempt(alone, 'sms', transient(), NOW, POLICY).outcome).toBe('failed');
  });

  it('still retries a job exactly MAX_DELIVERY_AGE_MS old', () => {
    const edge = job({ ...sending, createdAt: new Date(NOW.getTime() - POLICY.maxDeliveryAgeMs) });
    expect(finishAttempt(edge, 'sms', transient(), NOW, POLICY).outcome).toBe('retry');
  });
});

describe('lease and claim', () => {
  it('gives the lease back (a settled change) on every outcome but sending', () => {
    const outcomes = [
      beginAttempt(job({ expiresAt: NOW }), input()),
      beginAttempt(job({ channels: [] }), input()),
      beginAttempt(job({ channels: ['sms'] }), input({ now: new Date('2030-06-03T21:00:00Z') })),
      finishAttempt(job(), 'email', { ok: true, providerMessageId: 'x' }, NOW, POLICY),
      finishAttempt(job(), 'email', { ok: false, permanent: false, errorCode: 'e', retries: 0 }, NOW, POLICY),
    ];
    expect(outcomes.map((s) => s.change.kind)).toEqual(['settle', 'settle', 'settle', 'settle', 'settle']);
    expect(beginAttempt(job(), input()).change.kind).toBe('sending');
  });

  it('sends only a pending job still leased to this replica', () => {
    expect(stillClaimed(job(), 'worker-1')).toBe(true);
    expect(stillClaimed(job({ leaseOwner: 'worker-2' }), 'worker-1')).toBe(false);
    expect(stillClaimed(job({ leaseOwner: null }), 'worker-1')).toBe(false);
    expect(stillClaimed(job({ status: 'suppressed' }), 'worker-1')).toBe(false);
    expect(stillClaimed(job({ status: 'sent' }), 'worker-1')).toBe(false);
  });
});
