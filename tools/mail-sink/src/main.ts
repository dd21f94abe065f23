import { parseArgs } from 'node:util';
import { HttpSink } from './http-sink';
import { selfSignedCertificate } from './self-signed';
import { SmtpSink } from './smtp-sink';

/**
 * `node tools/mail-sink/dist/main.js [--host 127.0.0.1] [--smtp-port 2525] [--http-port 8025] [--webhook-secret s] [--no-tls]`:
 * the local SMTP server and SMS/push webhook sink for tests, the demo and docker-compose
 * (`--host 0.0.0.0` inside a container).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: process.env.MAIL_SINK_HOST ?? '127.0.0.1' },
      'smtp-port': { type: 'string', default: process.env.MAIL_SINK_SMTP_PORT ?? '2525' },
      'http-port': { type: 'string', default: process.env.MAIL_SINK_HTTP_PORT ?? '8025' },
      'webhook-secret': { type: 'string', default: process.env.WEBHOOK_SECRET },
      'no-tls': { type: 'boolean', default: false },
    },
  });
  const tls = values['no-tls'] ? null : selfSignedCertificate();
  const host = values.host;
  const smtp = new SmtpSink({ host, port: Number(values['smtp-port']), ...(tls ? { tls } : {}) });
  const http = new HttpSink({
    host,
    port: Number(values['http-port']),
    smtp,
    ...(values['webhook-secret'] ? { webhookSecret: values['webhook-secret'] } : {}),
  });
  await smtp.start();
  await http.start();
  process.stdout.write(
    `mail-sink: SMTP on ${host}:${smtp.port}${tls ? ' (STARTTLS)' : ''}, HTTP API and webhooks on http://${host}:${http.port}\n`,
  );
  const stop = () => void Promise.all([smtp.stop(), http.stop()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
