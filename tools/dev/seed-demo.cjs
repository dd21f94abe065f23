// Seeds the demo clinic (idempotent) and prints ready-to-use tokens from the dev issuer.
// Runs with a service's environment (see local-env.sh): DATABASE_MIGRATION_URL and AUTH_ISSUER.
const { Client } = require('pg');

const DEMO = {
  clinic: { id: '0b5e1f3a-7c2d-4e8f-9a10-000000000001', name: 'Carebus Demo Legesenter' },
  admin: { sub: 'demo-admin' },
  practitioner: { id: '0b5e1f3a-7c2d-4e8f-9a10-000000000002', name: 'Dr. Ingrid Demo', profession: 'gp' },
  calendar: { id: '0b5e1f3a-7c2d-4e8f-9a10-000000000003', name: 'Dr. Demo – timebok' },
  patient: { id: '0b5e1f3a-7c2d-4e8f-9a10-000000000004', name: 'Ola Demo' },
};

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

async function main() {
  const url = process.env.DATABASE_MIGRATION_URL;
  const issuer = process.env.AUTH_ISSUER;
  if (!url || !issuer) throw new Error('DATABASE_MIGRATION_URL and AUTH_ISSUER are required');
  await seed(url);
  const admin = await mint(issuer, {
    sub: DEMO.admin.sub,
    clinic_id: DEMO.clinic.id,
    roles: ['clinic_admin'],
  });
  const practitioner = await mint(issuer, {
    sub: DEMO.practitioner.id,
    clinic_id: DEMO.clinic.id,
    roles: ['practitioner'],
  });
  const lines = [
    `Demo clinic "${DEMO.clinic.name}" with practitioner ${DEMO.practitioner.name} (one calendar) and patient ${DEMO.patient.name}:`,
    `  export CLINIC_ID=${DEMO.clinic.id}`,
    `  export CALENDAR_ID=${DEMO.calendar.id}`,
    `  export PATIENT_ID=${DEMO.patient.id}`,
    `  export ADMIN_TOKEN=${admin}`,
    `  export PRACTITIONER_TOKEN=${practitioner}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`seed-demo: ${error.message}\n`);
  process.exit(1);
});
