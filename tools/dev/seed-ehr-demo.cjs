#!/usr/bin/env node
// The EHR part of `npm start`'s demo: the demo clinic stores its shared encryption key, connects
// to the local EHR simulator (vendor API), maps the simulator's first provider to the demo
// practitioner and calendar, and waits for the first full sync to end, so scheduling shows the
// EHR's appointments in the demo calendar. Everything through ehr-sync's REST API, as an admin would.
'use strict';

const { randomBytes } = require('node:crypto');

async function api(base, method, path, token, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function until(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function main() {
  const {
    EHR_SYNC_URL: ehr,
    EHR_SIM_URL: sim,
    CLINIC_ID: clinic,
    ADMIN_TOKEN: admin,
    CALENDAR_ID,
    PRACTITIONER_ID,
  } = process.env;
  if (!ehr || !sim || !clinic || !admin || !CALENDAR_ID || !PRACTITIONER_ID) {
    throw new Error(
      'EHR_SYNC_URL, EHR_SIM_URL, CLINIC_ID, ADMIN_TOKEN, CALENDAR_ID and PRACTITIONER_ID are required',
    );
  }
  const base = `/v1/clinics/${clinic}`;
  const key = await api(ehr, 'POST', `${base}/key-vault`, admin, { key: randomBytes(32).toString('base64') });
  if (key.status !== 201 && key.status !== 409) throw new Error(`storing the clinic key: ${key.status}`);
  const vendorUrl = `${sim}/vendor/api/v2`;
  const listed = await api(ehr, 'GET', `${base}/ehr-connections?limit=100`, admin);
  let connection = listed.body.items.find((c) => c.baseUrl === vendorUrl);
  if (!connection) {
    const created = await api(ehr, 'POST', `${base}/ehr-connections`, admin, {
      style: 'vendor',
      baseUrl: vendorUrl,
      credentials: { username: 'carebus-sync', activationCode: 'ACT-4711-SIM' },
    });
    if (created.status !== 201)
      throw new Error(`connecting the EHR: ${created.status} ${created.body?.code}`);
    connection = created.body;
  }
  const path = `${base}/ehr-connections/${connection.id}`;
  // ehr-sync knows the calendar once scheduling's reference events reached it.
  await until('ehr-sync to know the demo calendar', async () => {
    const mapped = await api(ehr, 'PUT', `${path}/provider-mappings/prov-1`, admin, {
      practitionerId: PRACTITIONER_ID,
      calendarId: CALENDAR_ID,
    });
    return mapped.status === 200;
  });
  const settings = await api(ehr, 'GET', path, admin);
  await api(ehr, 'PUT', `${path}/settings`, admin, {
    ...settings.body.settings,
    providerIds: ['prov-1'],
    expectedVersion: settings.body.settingsVersion,
  });
  const run = await api(ehr, 'POST', `${path}/sync-runs`, admin);
  const done = await until('the first sync', async () => {
    const r = await api(ehr, 'GET', `${path}/sync-runs/${run.body.id}`, admin);
    return ['succeeded', 'partially_succeeded', 'failed'].includes(r.body.state) && r.body;
  });
  process.stdout.write(
    [
      `EHR: the demo clinic syncs with the EHR simulator at ${sim} (vendor API); provider prov-1 maps to the demo calendar.`,
      `First sync: ${done.state}, ${done.read} read, ${done.created} created, ${done.updated} updated, ${done.skipped} of other providers skipped.`,
      `  export EHR_CONNECTION_ID=${connection.id}`,
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  process.stderr.write(`seed-ehr-demo: ${error.message}\n`);
  process.exit(1);
});
