import { randomUUID } from 'node:crypto';
import { selfSignedCertificate, SmtpSink } from '@carebus/mail-sink';
import { waitFor } from '@carebus/testing';
import { EmailChannel } from './email.channel';

// What production's SMTP_REQUIRE_TLS means on the wire, against the project's mail sink: a relay
// that offers STARTTLS gets the message over TLS; one that does not gets nothing.
describe('e-mail with STARTTLS required', () => {
  const sinks: SmtpSink[] = [];
  const channels: EmailChannel[] = [];
  afterAll(async () => {
    await Promise.all(channels.map((c) => c.close()));
    await Promise.all(sinks.map((s) => s.stop()));
  });

  async function channelTo(tls: boolean) {
    const certificate = tls ? selfSignedCertificate() : null;
    if (tls && !certificate) throw new Error('openssl is needed for the sink certificate');
    const sink = new SmtpSink({ port: 0, ...(certificate ? { tls: certificate } : {}) });
    sinks.push(sink);
    const port = await sink.start();
    const channel = new EmailChannel({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      defaultSender: 'no-reply@carebus.local',
      verifyTls: false, // the sink's certificate is self-signed
      requireTls: true,
      maxConnections: 1,
    });
    channels.push(channel);
    return { sink, channel };
  }

  const message = () => ({
    notificationId: randomUUID(),
    messageId: `<${randomUUID()}@carebus.local>`,
    to: 'patient@example.org',
    subject: 'Your appointment',
    text: 'See you on Tuesday.',
  });

  it('delivers over STARTTLS to a relay that offers it', async () => {
    const { sink, channel } = await channelTo(true);
    const result = await channel.send(message());
    expect(result).toMatchObject({ ok: true });
    await waitFor(() => sink.messages.length === 1, { timeoutMs: 5_000 });
    expect(sink.messages[0]).toMatchObject({ tls: true });
  });

  it('sends nothing to a relay without STARTTLS, as a transient failure', async () => {
    const { sink, channel } = await channelTo(false);
    const result = await channel.send(message());
    expect(result).toMatchObject({ ok: false, permanent: false });
    expect(sink.messages).toHaveLength(0);
  });
});
