import type { Socket } from 'node:net';
import type { SecureContextOptions } from 'node:tls';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** One message as the sink received it (every delivery is kept: the sink never dedupes). */
export interface ReceivedMail {
  seq: number;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  tls: boolean;
  size: number;
}

export interface SmtpSinkOptions {
  port: number;
  host?: string;
  /** When set, STARTTLS is offered with this key and certificate; without it the server has no STARTTLS. */
  tls?: Pick<SecureContextOptions, 'key' | 'cert'>;
  maxMessageBytes?: number;
}

const addresses = (value: AddressObject | AddressObject[] | undefined): string =>
  (Array.isArray(value) ? value : value ? [value] : []).map((a) => a.text).join(', ');

/**
 * A real SMTP server (the `smtp-server` package; MIME read with `mailparser`) that stores what it
 * receives and answers 250 to DATA only after storing it. Recipients starting with `reject` get
 * 550, so tests can provoke a permanent failure. `stop()` drops open connections, as an outage.
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  private readonly sockets = new Set<Socket>();
  private seq = 0;
  port = 0;

  constructor(private readonly options: SmtpSinkOptions) {}

  get running(): boolean {
    return this.server !== null;
  }

  async start(): Promise<number> {
    if (this.server) return this.port;
    const tls = this.options.tls;
    const options: SMTPServerOptions = {
      name: 'carebus-mail-sink',
      banner: 'carebus mail sink',
      authOptional: true,
      // smtp-server would answer STARTTLS with its own certificate even when it hides it.
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      hideSTARTTLS: !tls,
      ...(tls ? { key: tls.key as string, cert: tls.cert as string } : {}),
      size: this.options.maxMessageBytes ?? 10 * 1024 * 1024,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (address.address.startsWith('reject')) {
          const error = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
          return callback(error);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.store(
              mail,
              session.envelope,
              session.secure,
              (stream as { sizeExceeded?: boolean }).sizeExceeded,
            );
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    };
    const server = new SMTPServer(options);
    server.on('error', () => undefined);
    const net = (server as unknown as { server: { on(e: 'connection', l: (s: Socket) => void): void } })
      .server;
    net.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.once('error', onError);
      server.listen(this.port || this.options.port, this.options.host ?? '127.0.0.1', () => {
        server.off('error', onError);
        resolve();
      });
    });
    this.server = server;
    const address = (server as unknown as { server: { address(): unknown } }).server.address();
    this.port =
      typeof address === 'object' && address ? (address as { port: number }).port : this.options.port;
    return this.port;
  }

  /** Stops listening and drops open connections (an outage, as far as clients can tell). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  clear(): void {
    this.messages.length = 0;
  }

  private store(
    mail: ParsedMail,
    envelope: { mailFrom: false | { address: string }; rcptTo: { address: string }[] },
    tls: boolean,
    sizeExceeded: boolean | undefined,
  ): void {
    if (sizeExceeded) return;
    const headers: Record<string, string> = {};
    for (const [name, value] of mail.headers) {
      headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
    }
    this.messages.push({
      seq: ++this.seq,
      receivedAt: new Date().toISOString(),
      envelopeFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
      envelopeTo: envelope.rcptTo.map((r) => r.address),
      messageId: mail.messageId ?? '',
      from: addresses(mail.from),
      to: addresses(mail.to),
      subject: mail.subject ?? '',
      text: mail.text ?? '',
      html: typeof mail.html === 'string' ? mail.html : '',
      headers,
      tls,
      size: mail.text?.length ?? 0,
    });
  }
}
