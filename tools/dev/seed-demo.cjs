// Seeds the demo clinic through the services' APIs only and prints ready-to-use tokens from the
// dev issuer: the platform operator onboards the clinic (scheduling's POST /v1/clinics), its
// clinic admin sets up practitioner, calendar, patient, appointment types, week template and work
// plan, and notifications learns the clinic's time zone and administrator e-mail from
// scheduling.clinic.v1. Idempotent: a re-run (`npm start` on an existing database) finds what is
// there by name and creates only what is missing.
// Environment: AUTH_ISSUER (the dev issuer), SCHEDULING_URL, NOTIFICATIONS_URL.

const DEMO = {
  clinic: {
    name: 'Carebus Demo Legesenter',
    timeZone: 'Europe/Oslo',
    clinicalAdminEmail: 'klinikkadmin@demo-legesenter.example',
  },
  location: { name: 'Storgata 1', address: 'Storgata 1, 0155 Oslo' },
  operator: { sub: 'demo-operator' },
  admin: { sub: 'demo-admin' },
  practitioner: { name: 'Dr. Ingrid Demo', profession: 'gp' },
  calendar: { name: 'Dr. Demo – timebok' },
  patient: { name: 'Ola Demo', email: 'ola.demo@patient.example' },
  senderEmail: 'post@demo-legesenter.example',
  consultation: { name: 'Konsultasjon', minutes: 20, surface: 'in_person' },
  video: { name: 'Videokonsultasjon', minutes: 20, surface: 'video' },
  template: { name: 'Standard week' },
};

/** One JSON call; anything but 2xx stops the seed with the service's answer. */
async function api(base, method, path, token, body, headers = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text === '' ? {} : JSON.parse(text);
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

/** Every item of a keyset-paged list. */
async function listAll(base, path, token) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api(
      base,
      'GET',
      `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      token,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The item of the list with this name, or the one `create` makes. */
async function findOrCreate(base, listPath, token, name, create) {
  const found = (await listAll(base, listPath, token)).find((item) => item.name === name);
  return found ?? create();
}

/**
 * The operator's part: the demo clinic, found by name (a database seeded before has it) or
 * onboarded with its location; an Idempotency-Key makes a retried create return the same clinic.
 * A clinic that lacks the administrator e-mail or time zone gets them (an update event follows).
 */
async function onboardClinic(scheduling, operator) {
  const clinics = await listAll(scheduling, '/v1/clinics', operator);
  let clinic = clinics.find((c) => c.name === DEMO.clinic.name);
  if (!clinic) {
    clinic = await api(
      scheduling,
      'POST',
      '/v1/clinics',
      operator,
      { ...DEMO.clinic, locations: [DEMO.location] },
      {
        'idempotency-key': 'carebus-demo-clinic',
      },
    );
  } else if (
    clinic.clinicalAdminEmail !== DEMO.clinic.clinicalAdminEmail ||
    clinic.timeZone !== DEMO.clinic.timeZone
  ) {
    clinic = await api(scheduling, 'PATCH', `/v1/clinics/${clinic.id}`, operator, {
      clinicalAdminEmail: DEMO.clinic.clinicalAdminEmail,
      timeZone: DEMO.clinic.timeZone,
    });
  }
  return clinic;
}

/** The clinic admin's part: everything booking needs, through scheduling's REST API. */
async function setUpScheduling(scheduling, admin) {
  const location = await findOrCreate(scheduling, '/v1/locations', admin, DEMO.location.name, () =>
    api(scheduling, 'POST', '/v1/locations', admin, DEMO.location),
  );
  const practitioner = await findOrCreate(
    scheduling,
    '/v1/practitioners',
    admin,
    DEMO.practitioner.name,
    () => api(scheduling, 'POST', '/v1/practitioners', admin, DEMO.practitioner),
  );
  const calendar = await findOrCreate(
    scheduling,
    `/v1/calendars?practitionerId=${practitioner.id}`,
    admin,
    DEMO.calendar.name,
    () =>
      api(scheduling, 'POST', '/v1/calendars', admin, {
        name: DEMO.calendar.name,
        ownerPractitionerId: practitioner.id,
        locationId: location.id,
        onlineBookable: true,
      }),
  );
  const patient = await findOrCreate(
    scheduling,
    `/v1/patients?name=${encodeURIComponent(DEMO.patient.name)}`,
    admin,
    DEMO.patient.name,
    // Listed with the demo GP: messaging routes the patient's e-consultations to their inbox.
    () =>
      api(scheduling, 'POST', '/v1/patients', admin, {
        ...DEMO.patient,
        listedPractitionerId: practitioner.id,
      }),
  );
  const types = {};
  for (const t of [DEMO.consultation, DEMO.video]) {
    types[t.surface] = await findOrCreate(scheduling, '/v1/appointment-types', admin, t.name, () =>
      api(scheduling, 'POST', '/v1/appointment-types', admin, {
        name: t.name,
        durationMinutes: t.minutes,
        contactSurface: t.surface,
        patientBookable: true,
        patientInformation: 'Kom 5 minutter før timen.',
      }),
    );
  }
  // Monday–Friday: consultations 08:00–11:40, video 12:00–14:00 (the clinic's wall time).
  const blocks = [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, start: '08:00', end: '11:40', appointmentTypeId: types.in_person.id },
    { weekday, start: '12:00', end: '14:00', appointmentTypeId: types.video.id },
  ]);
  const template = await findOrCreate(scheduling, '/v1/week-templates', admin, DEMO.template.name, () =>
    api(scheduling, 'POST', '/v1/week-templates', admin, { name: DEMO.template.name, blocks }),
  );
  const plans = await listAll(scheduling, `/v1/calendars/${calendar.id}/work-plans`, admin);
  if (plans.length === 0) {
    const year = new Date().getUTCFullYear();
    await api(scheduling, 'POST', `/v1/calendars/${calendar.id}/work-plans`, admin, {
      weekTemplateId: template.id,
      validFrom: `${year}-01-01`,
      validTo: `${year + 1}-12-31`,
    });
  }
  return { practitioner, calendar, patient, consultation: types.in_person, video: types.video };
}

const SYNC_TIMEOUT_MS = 30_000;

/**
 * Waits until notifications holds the clinic's time zone and administrator e-mail, which reach it
 * only through scheduling.clinic.v1 (scheduling's outbox relay, then notifications' consumer).
 */
async function waitForClinicCopy(notifications, admin, clinic) {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  for (;;) {
    const s = await api(notifications, 'GET', '/v1/notification-settings', admin);
    if (
      s.clinicVersion !== null &&
      s.timeZone === clinic.timeZone &&
      s.clinicalAdminEmail === clinic.clinicalAdminEmail
    ) {
      return s;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `notifications did not receive the clinic from scheduling.clinic.v1 within ${SYNC_TIMEOUT_MS / 1000} s (it holds ${JSON.stringify({ timeZone: s.timeZone, clinicalAdminEmail: s.clinicalAdminEmail, clinicVersion: s.clinicVersion })})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The clinic's sender and the patient's e-mail address, so a booking's confirmation reaches the
 * mail sink. Name, time zone and administrator e-mail are left out: they follow the clinic events.
 */
async function setUpNotifications(notifications, admin, patient) {
  await api(notifications, 'PUT', '/v1/notification-settings', admin, {
    senderEmail: DEMO.senderEmail,
    defaultLanguage: 'nb',
    quietHoursStart: '21:00',
    quietHoursEnd: '08:00',
  });
  await api(notifications, 'PUT', `/v1/patient-contacts/${patient.id}`, admin, {
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
async function firstFreeSlot(scheduling, patientToken, calendarId, typeId) {
  const from = new Date(Math.ceil(Date.now() / DAY_MS) * DAY_MS);
  const to = new Date(from.getTime() + 14 * DAY_MS);
  const query = `from=${from.toISOString()}&to=${to.toISOString()}&typeId=${typeId}`;
  const [slot] = await api(scheduling, 'GET', `/v1/calendars/${calendarId}/slots?${query}`, patientToken);
  if (!slot) throw new Error(`the demo calendar has no free consultation between ${query}`);
  const day = new Date(Math.floor(Date.parse(slot.start) / DAY_MS) * DAY_MS);
  return {
    start: slot.start,
    dayFrom: day.toISOString(),
    dayTo: new Date(day.getTime() + DAY_MS).toISOString(),
  };
}

async function main() {
  const issuer = process.env.AUTH_ISSUER;
  const notifications = process.env.NOTIFICATIONS_URL;
  const scheduling = process.env.SCHEDULING_URL;
  if (!issuer || !notifications || !scheduling) {
    throw new Error('AUTH_ISSUER, NOTIFICATIONS_URL and SCHEDULING_URL are required');
  }
  // A platform operator's token names no clinic (Carebus keeps no users: the claims are the role).
  const operator = await mint(issuer, { sub: DEMO.operator.sub, roles: ['operator'] });
  const clinic = await onboardClinic(scheduling, operator);
  const admin = await mint(issuer, { sub: DEMO.admin.sub, clinic_id: clinic.id, roles: ['clinic_admin'] });
  const demo = await setUpScheduling(scheduling, admin);
  // Rows from before scheduling published its reference topics reach their consumers too (a
  // re-run only repeats versions they hold, which they ignore).
  await api(scheduling, 'POST', `/v1/clinics/${clinic.id}/reference-data/republish`, admin);
  const copy = await waitForClinicCopy(notifications, admin, clinic);
  await setUpNotifications(notifications, admin, demo.patient);
  const practitioner = await mint(issuer, {
    sub: demo.practitioner.id,
    clinic_id: clinic.id,
    roles: ['practitioner'],
  });
  const patient = await mint(issuer, {
    sub: 'demo-patient',
    clinic_id: clinic.id,
    roles: ['patient'],
    patient_id: demo.patient.id,
  });
  const partner = await mint(issuer, {
    sub: 'demo-portal',
    client_id: 'demo-portal',
    clinic_id: clinic.id,
    roles: ['partner'],
  });
  const slot = await firstFreeSlot(scheduling, patient, demo.calendar.id, demo.consultation.id);
  const lines = [
    `Demo clinic "${clinic.name}" with practitioner ${DEMO.practitioner.name} (one calendar) and patient ${DEMO.patient.name}`,
    `(e-mail ${DEMO.patient.email}: booking confirmations and reminders land in the mail sink).`,
    `Notifications has the clinic from scheduling.clinic.v1 (version ${copy.clinicVersion}): time zone ${copy.timeZone},`,
    `staff alerts to ${copy.clinicalAdminEmail}.`,
    `  export CLINIC_ID=${clinic.id}`,
    `  export CALENDAR_ID=${demo.calendar.id}`,
    `  export PRACTITIONER_ID=${demo.practitioner.id}`,
    `  export PATIENT_ID=${demo.patient.id}`,
    `  export TYPE_ID=${demo.consultation.id}`,
    `  export VIDEO_TYPE_ID=${demo.video.id}`,
    `  export OPERATOR_TOKEN=${operator}`,
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
