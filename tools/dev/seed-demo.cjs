// Seeds the demo clinic (idempotent) and prints ready-to-use tokens from the dev issuer.
// Runs with a service's environment (see local-env.sh): DATABASE_MIGRATION_URL and AUTH_ISSUER.
const { Client } = require('pg');

const DEMO = {
  clinic: { id: '0b5e1f3a-7c2d-4e8f-9a10-000000000001', name: 'Carebus Demo Legesenter' },
  admin: { sub: 'demo-admin' },
  practitioner: { id: '0b5e1f3a-7c2d-4e8f-9a10-000000000002', name: 'Dr. Ingrid Demo', profession: 'gp' },
  calendar: { id: '0b5e1f3a-7c2d-4e8f-9a10-000000000003', name: 'Dr. Demo – timebok' },
  patient: {
    id: '0b5e1f3a-7c2d-4e8f-9a10-000000000004',
    name: 'Ola Demo',
    email: 'ola.demo@patient.example',
  },
  senderEmail: 'post@demo-legesenter.example',
  consultation: {
    id: '0b5e1f3a-7c2d-4e8f-9a10-000000000005',
    name: 'Konsultasjon',
    minutes: 20,
    surface: 'in_person',
  },
  video: {
    id: '0b5e1f3a-7c2d-4e8f-9a10-000000000006',
    name: 'Videokonsultasjon',
    minutes: 20,
    surface: 'video',
  },
  template: { id: '0b5e1f3a-7c2d-4e8f-9a10-000000000007', name: 'Standard week' },
  workPlan: { id: '0b5e1f3a-7c2d-4e8f-9a10-000000000008' },
};

/** Monday–Friday: consultations 08:00–11:40, video 12:00–14:00 (Europe/Oslo wall time). */
async function seedWorkPlan(db) {
  for (const t of [DEMO.consultation, DEMO.video]) {
    await db.query(
      `INSERT INTO scheduling.appointment_types (id, clinic_id, name, duration_minutes, contact_surface, patient_bookable,
         patient_information) VALUES ($1, $2, $3, $4, $5, true, 'Kom 5 minutter før timen.') ON CONFLICT (id) DO NOTHING`,
      [t.id, DEMO.clinic.id, t.name, t.minutes, t.surface],
    );
  }
  const created = await db.query(
    `INSERT INTO scheduling.week_templates (id, clinic_id, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [DEMO.template.id, DEMO.clinic.id, DEMO.template.name],
  );
  if (created.rowCount === 1) {
    for (let weekday = 1; weekday <= 5; weekday++) {
      for (const [start, end, typeId] of [
        ['08:00', '11:40', DEMO.consultation.id],
        ['12:00', '14:00', DEMO.video.id],
      ]) {
        await db.query(
          `INSERT INTO scheduling.week_template_blocks (id, clinic_id, week_template_id, weekday, start_time, end_time,
             appointment_type_id) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6)`,
          [DEMO.clinic.id, DEMO.template.id, weekday, start, end, typeId],
        );
      }
    }
  }
  await db.query(
    `INSERT INTO scheduling.work_plans (id, clinic_id, calendar_id, week_template_id, valid_from, valid_to)
     VALUES ($1, $2, $3, $4, date_trunc('year', now())::date, (date_trunc('year', now()) + interval '2 years - 1 day')::date)
     ON CONFLICT (id) DO NOTHING`,
    [DEMO.workPlan.id, DEMO.clinic.id, DEMO.calendar.id, DEMO.template.id],
  );
}

async function seed(url) {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('BEGIN');
    await db.query(`INSERT INTO scheduling.clinics (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [
      DEMO.clinic.id,
      DEMO.clinic.name,
    ]);
    await db.query(
      `INSERT INTO scheduling.practitioners (id, clinic_id, name, profession) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO NOTHING`,
      [DEMO.practitioner.id, DEMO.clinic.id, DEMO.practitioner.name, DEMO.practitioner.profession],
    );
    await db.query(
      `INSERT INTO scheduling.calendars (id, clinic_id, owner_practitioner_id, name, online_bookable)
       VALUES ($1, $2, $3, $4, true) ON CONFLICT (id) DO NOTHING`,
      [DEMO.calendar.id, DEMO.clinic.id, DEMO.practitioner.id, DEMO.calendar.name],
    );
    await db.query(
      `INSERT INTO scheduling.patients (id, clinic_id, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
      [DEMO.patient.id, DEMO.clinic.id, DEMO.patient.name],
    );
    await seedWorkPlan(db);
    await db.query('COMMIT');
  } finally {
    await db.end();
  }
}

async function mint(issuer, body) {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ttl_seconds: 12 * 3600, ...body }),
  });
  if (!res.ok) throw new Error(`dev issuer answered ${res.status}: ${await res.text()}`);
  return (await res.json()).access_token;
}

/** The clinic's sender and the patient's e-mail address, so a booking's confirmation reaches the mail sink. */
async function setUpNotifications(notificationsUrl, adminToken) {
  const put = async (path, body) => {
    const res = await fetch(`${notificationsUrl}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`notifications ${path} answered ${res.status}: ${await res.text()}`);
  };
  await put('/v1/notification-settings', {
    clinicName: DEMO.clinic.name,
    senderEmail: DEMO.senderEmail,
    timeZone: 'Europe/Oslo',
    defaultLanguage: 'nb',
    quietHoursStart: '21:00',
    quietHoursEnd: '08:00',
  });
  await put(`/v1/patient-contacts/${DEMO.patient.id}`, {
    name: DEMO.patient.name,
    email: DEMO.patient.email,
    preferredChannel: 'email',
  });
}

const DAY_MS = 24 * 3600_000;

/**
 * The first free consultation from tomorrow on (two weeks ahead at most), as the patient sees it,
 * so the printed booking example works on whatever day the demo runs.
 */
async function firstFreeSlot(schedulingUrl, patientToken) {
  const from = new Date(Math.ceil(Date.now() / DAY_MS) * DAY_MS);
  const to = new Date(from.getTime() + 14 * DAY_MS);
  const query = `from=${from.toISOString()}&to=${to.toISOString()}&typeId=${DEMO.consultation.id}`;
  const res = await fetch(`${schedulingUrl}/v1/calendars/${DEMO.calendar.id}/slots?${query}`, {
    headers: { authorization: `Bearer ${patientToken}` },
  });
  if (!res.ok) throw new Error(`scheduling slots answered ${res.status}: ${await res.text()}`);
  const [slot] = await res.json();
  if (!slot) throw new Error(`the demo calendar has no free consultation between ${query}`);
  const day = new Date(Math.floor(Date.parse(slot.start) / DAY_MS) * DAY_MS);
  return {
    start: slot.start,
    dayFrom: day.toISOString(),
    dayTo: new Date(day.getTime() + DAY_MS).toISOString(),
  };
}

async function main() {
  const url = process.env.DATABASE_MIGRATION_URL;
  const issuer = process.env.AUTH_ISSUER;
  const notificationsUrl = process.env.NOTIFICATIONS_URL;
  const schedulingUrl = process.env.SCHEDULING_URL;
  if (!url || !issuer || !notificationsUrl || !schedulingUrl) {
    throw new Error('DATABASE_MIGRATION_URL, AUTH_ISSUER, NOTIFICATIONS_URL and SCHEDULING_URL are required');
  }
  await seed(url);
  const admin = await mint(issuer, {
    sub: DEMO.admin.sub,
    clinic_id: DEMO.clinic.id,
    roles: ['clinic_admin'],
  });
  await setUpNotifications(notificationsUrl, admin);
  const practitioner = await mint(issuer, {
    sub: DEMO.practitioner.id,
    clinic_id: DEMO.clinic.id,
    roles: ['practitioner'],
  });
  const patient = await mint(issuer, {
    sub: 'demo-patient',
    clinic_id: DEMO.clinic.id,
    roles: ['patient'],
    patient_id: DEMO.patient.id,
  });
  const partner = await mint(issuer, {
    sub: 'demo-portal',
    client_id: 'demo-portal',
    clinic_id: DEMO.clinic.id,
    roles: ['partner'],
  });
  const slot = await firstFreeSlot(schedulingUrl, patient);
  const lines = [
    `Demo clinic "${DEMO.clinic.name}" with practitioner ${DEMO.practitioner.name} (one calendar) and patient ${DEMO.patient.name}`,
    `(e-mail ${DEMO.patient.email}: booking confirmations and reminders land in the mail sink):`,
    `  export CLINIC_ID=${DEMO.clinic.id}`,
    `  export CALENDAR_ID=${DEMO.calendar.id}`,
    `  export PATIENT_ID=${DEMO.patient.id}`,
    `  export TYPE_ID=${DEMO.consultation.id}`,
    `  export VIDEO_TYPE_ID=${DEMO.video.id}`,
    `  export ADMIN_TOKEN=${admin}`,
    `  export PRACTITIONER_TOKEN=${practitioner}`,
    `  export PATIENT_TOKEN=${patient}`,
    `  export PARTNER_TOKEN=${partner}`,
    `  export SLOTS_FROM=${slot.dayFrom} SLOTS_TO=${slot.dayTo} SLOT_START=${slot.start}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`seed-demo: ${error.message}\n`);
  process.exit(1);
});
