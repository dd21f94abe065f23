#!/usr/bin/env node
// The messaging part of `npm start`'s demo: the demo clinic's routing rule for e-consultations
// set explicitly (to the GP the patient is listed with; e-contacts and prescription renewals keep
// their documented default, the whole clinic), and one thread: the demo patient's e-consultation,
// unread in the GP's personal inbox. Everything through messaging's REST API, as the clinic admin
// and the patient would; a re-run finds the thread and sends nothing.
'use strict';

const SUBJECT = 'Vondt i kneet';
const BODY = 'Jeg har hatt vondt i kneet siden et fall for to uker siden. Bør jeg bestille time?';

async function api(base, method, path, token, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : null;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${parsed?.code ?? ''}`);
  return parsed;
}

async function until(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Messaging has read scheduling's patient events (its copy says which GP the patient is listed
 * with): its patients consumer applied some and has no lag left.
 */
async function patientCopyRead(messaging) {
  const lines = (await (await fetch(`${messaging}/metrics`)).text())
    .split('\n')
    .filter((line) => /group="[^"]*\.patients"/.test(line));
  const value = (line) => Number(line.split(' ').pop());
  const applied = lines
    .filter(
      (l) => l.startsWith('carebus_consumer_events_total{') && /outcome="(applied|duplicate|stale)"/.test(l),
    )
    .reduce((sum, l) => sum + value(l), 0);
  const lag = lines.filter((l) => l.startsWith('carebus_consumer_lag{')).map(value);
  return applied > 0 && lag.every((n) => n === 0);
}

async function main() {
  const {
    MESSAGING_URL: messaging,
    CLINIC_ID: clinic,
    ADMIN_TOKEN: admin,
    PRACTITIONER_TOKEN: gp,
    PATIENT_TOKEN: patient,
  } = process.env;
  if (!messaging || !clinic || !admin || !gp || !patient) {
    throw new Error(
      'MESSAGING_URL, CLINIC_ID, ADMIN_TOKEN, PRACTITIONER_TOKEN and PATIENT_TOKEN are required',
    );
  }
  const base = `/v1/clinics/${clinic}`;
  const rules = await api(messaging, 'GET', `${base}/routing-rules`, admin);
  const consultation = rules.items.find((r) => r.messageType === 'e_consultation');
  if (!consultation.configured) {
    await api(messaging, 'PUT', `${base}/routing-rules/e_consultation`, admin, {
      mode: 'practitioner',
      expectedVersion: consultation.version,
    });
  }
  const mine = await api(messaging, 'GET', `${base}/my/threads`, patient);
  let thread = mine.items.find((t) => t.subject === SUBJECT);
  if (!thread) {
    // Routed by messaging's copy of the patient: wait until it has read scheduling's events (a
    // database seeded by an earlier run may have nothing new to read: then send after the wait).
    await until('messaging to read the demo patient from scheduling.patient.v1', () =>
      patientCopyRead(messaging),
    ).catch((error) => process.stderr.write(`seed-messaging: ${error.message}; sending anyway\n`));
    const sent = await api(messaging, 'POST', `${base}/my/threads`, patient, {
      kind: 'e_consultation',
      subject: SUBJECT,
      body: BODY,
    });
    thread = sent.thread;
  }
  const inboxes = await api(messaging, 'GET', `${base}/inboxes`, gp);
  const personal = inboxes.items.find((i) => i.kind === 'personal');
  if (!personal) {
    // A demo patient from an earlier seed, not listed with the GP: the whole clinic received it.
    process.stdout.write(
      `Messaging: the demo patient's e-consultation "${SUBJECT}" went to the whole clinic (the patient\n` +
        `is not listed with the demo GP in this database).\n  export MESSAGING_THREAD_ID=${thread.id}\n`,
    );
    return;
  }
  const lines = [
    `Messaging: e-consultations go to the GP the patient is listed with (explicit rule); e-contacts and`,
    `prescription renewals to the whole clinic (default). The demo patient's e-consultation "${SUBJECT}"`,
    `is in the GP's inbox, unread: ${personal.unread}.`,
    `  export MESSAGING_THREAD_ID=${thread.id}`,
    `  export GP_INBOX_ID=${personal.id}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`seed-messaging: ${error.message}\n`);
  process.exit(1);
});
