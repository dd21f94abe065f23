#!/usr/bin/env bash
# `npm start`: the whole backbone on this machine with a demo clinic, from a fresh clone.
# Bootstraps Node 24 and dependencies, builds, starts Kafka and PostgreSQL, the dev token issuer,
# runs migrations, starts the five services, seeds the demo clinic through their APIs (an operator
# token onboards it, a clinic admin token sets it up: tools/dev/seed-demo.cjs) and prints URLs and tokens.
# Ctrl-C stops the services, the issuer and the broker this script started.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=../../deploy/bootstrap.sh
. deploy/bootstrap.sh
# shellcheck source=./local-env.sh
. tools/dev/local-env.sh
# shellcheck source=./demo-agents.sh
. tools/dev/demo-agents.sh

STATE="$ROOT/.carebus"
# Logs and the demo's tokens; CAREBUS_RUN_DIR puts them elsewhere (a second copy, the start test).
RUN="${CAREBUS_RUN_DIR:-$STATE}"
LOGS="$RUN/logs"
mkdir -p "$LOGS"
PIDS=()
STARTED_KAFKA=0
T0=$SECONDS

say() { printf '[carebus] %s\n' "$*"; }

cleanup() {
  trap - INT TERM EXIT
  say "stopping…"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "$STARTED_KAFKA" = 1 ]; then bash deploy/local/kafka.sh stop; fi
  say "stopped"
}
on_signal() {
  cleanup
  exit 0
}
trap on_signal INT TERM
trap cleanup EXIT

wait_http() { # url what timeout-seconds
  local deadline=$((SECONDS + $3))
  # Each try bounded: something else on the port that accepts but never answers HTTP (another
  # program on a port picked for us) must end in the message below, not a hang.
  until curl -fsS --max-time 2 -o /dev/null "$1" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then say "$2 did not become ready; see $LOGS"; return 1; fi
    sleep 0.5
  done
}

say "bootstrapping toolchain"
ensure_node
ensure_deps
say "building"
npm run --silent build

say "starting Kafka and PostgreSQL"
bash deploy/local/kafka.sh status 2>/dev/null || STARTED_KAFKA=1
bash deploy/local/kafka.sh start
bash deploy/local/postgres.sh ensure
# The demo database holds data sealed under this clone's dev keys; one another clone set up is made again.
bash deploy/local/postgres.sh own "$(dev_keys_stamp)"

say "starting the dev token issuer on :$CAREBUS_DEV_ISSUER_PORT"
node tools/dev-issuer/dist/main.js serve --port "$CAREBUS_DEV_ISSUER_PORT" \
  --issuer "http://127.0.0.1:$CAREBUS_DEV_ISSUER_PORT" --key-file "$STATE/dev-issuer/key.json" \
  >"$LOGS/dev-issuer.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$CAREBUS_DEV_ISSUER_PORT/.well-known/jwks.json" "dev issuer" 30

say "starting the mail sink (SMTP :$CAREBUS_MAIL_SINK_SMTP_PORT, API and SMS/push webhooks :$CAREBUS_MAIL_SINK_HTTP_PORT)"
node tools/mail-sink/dist/main.js --smtp-port "$CAREBUS_MAIL_SINK_SMTP_PORT" --http-port "$CAREBUS_MAIL_SINK_HTTP_PORT" \
  --webhook-secret "$CAREBUS_WEBHOOK_SECRET" >"$LOGS/mail-sink.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$CAREBUS_MAIL_SINK_HTTP_PORT/messages/count" "mail sink" 30

say "starting the EHR simulator on :$CAREBUS_EHR_SIM_PORT (the demo clinic's EHR)"
node tools/ehr-simulator/dist/main.js --port "$CAREBUS_EHR_SIM_PORT" --seed demo --practitioners 3 \
  --patients 50 --appointments 300 --admin-token "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  >"$LOGS/ehr-simulator.log" 2>&1 &
PIDS+=($!)

for svc in "${CAREBUS_SERVICES[@]}"; do
  (set -a; eval "$(service_env "$svc" migrate)"; set +a; node "services/$svc/dist/migrate.js")
done

for svc in "${CAREBUS_SERVICES[@]}"; do
  (set -a; eval "$(service_env "$svc")"; set +a; exec node "services/$svc/dist/main.js") >"$LOGS/$svc.log" 2>&1 &
  PIDS+=($!)
done
for svc in "${CAREBUS_SERVICES[@]}"; do
  wait_http "http://127.0.0.1:$(service_port "$svc")/health/ready" "$svc" 90
done

say "seeding the demo clinic"
(set -a; eval "$(service_env scheduling)"; set +a
  SCHEDULING_URL="http://127.0.0.1:$(service_port scheduling)" \
  NOTIFICATIONS_URL="http://127.0.0.1:$(service_port notifications)" node tools/dev/seed-demo.cjs) >"$RUN/demo.txt"
say "enrolling the demo clinic's agents"
(ADMIN_TOKEN="$(sed -n 's/^  export ADMIN_TOKEN=//p' "$RUN/demo.txt")" \
  DEVICE_REGISTRY_URL="http://127.0.0.1:$(service_port device-registry)" \
  DEVICE_REGISTRY_GRPC="127.0.0.1:$CAREBUS_AGENT_GRPC_PORT" \
  AGENTS_DIR="$RUN/agents" node tools/dev/seed-devices.cjs) >>"$RUN/demo.txt"

say "starting the demo clinic's agents"
ADMIN_TOKEN="$(sed -n 's/^ *export ADMIN_TOKEN=//p' "$RUN/demo.txt")"
start_demo_agents

say "connecting the demo clinic to the EHR simulator and running a first sync"
(eval "$(grep -o 'export [A-Z_]*=[^ ]*' "$RUN/demo.txt" | sed 's/^export //; s/^/export /')"
  EHR_SYNC_URL="http://127.0.0.1:$(service_port ehr-sync)" EHR_SIM_URL="http://127.0.0.1:$CAREBUS_EHR_SIM_PORT" \
  node tools/dev/seed-ehr-demo.cjs) >>"$RUN/demo.txt"

say "seeding the demo clinic's messaging: routing and the patient's e-consultation to the GP"
(eval "$(grep -o 'export [A-Z_]*=[^ ]*' "$RUN/demo.txt" | sed 's/^export //; s/^/export /')"
  MESSAGING_URL="http://127.0.0.1:$(service_port messaging)" node tools/dev/seed-messaging.cjs) >>"$RUN/demo.txt"

SCHEDULING="http://127.0.0.1:$(service_port scheduling)"
MESSAGING="http://127.0.0.1:$(service_port messaging)/v1/clinics/\$CLINIC_ID"
cat <<EOF

Carebus is ready ($((SECONDS - T0)) s).
  scheduling        http://127.0.0.1:$(service_port scheduling)   (API docs: /docs; gRPC for partners on 127.0.0.1:$CAREBUS_GRPC_PORT)
  messaging         http://127.0.0.1:$(service_port messaging)   (the national portal sends dialogues over gRPC on 127.0.0.1:$CAREBUS_PORTAL_GRPC_PORT)
  ehr-sync          http://127.0.0.1:$(service_port ehr-sync)   (EHR vendors push changes over gRPC on 127.0.0.1:$CAREBUS_EHR_PUSH_GRPC_PORT)
  device-registry   http://127.0.0.1:$(service_port device-registry)   (agents dial gRPC on 127.0.0.1:$CAREBUS_AGENT_GRPC_PORT)
  notifications     http://127.0.0.1:$(service_port notifications)   (mail sink: http://127.0.0.1:$CAREBUS_MAIL_SINK_HTTP_PORT/messages)
  dev token issuer  http://127.0.0.1:$CAREBUS_DEV_ISSUER_PORT   (JWKS: /.well-known/jwks.json)
  Kafka             127.0.0.1:${CAREBUS_KAFKA_PORT:-9092} ($(bash deploy/local/kafka.sh security); each service as its own principal, deploy/kafka/acls.json)
  PostgreSQL        127.0.0.1:${PGPORT:-5432}/${CAREBUS_DATABASE:-carebus}
  logs              $LOGS

$(cat "$RUN/demo.txt")

Try: curl -H "Authorization: Bearer \$OPERATOR_TOKEN" $SCHEDULING/v1/clinics   # every clinic (platform operator)
     curl -H "Authorization: Bearer \$ADMIN_TOKEN" $SCHEDULING/v1/clinics/\$CLINIC_ID
     curl -H "Authorization: Bearer \$ADMIN_TOKEN" http://127.0.0.1:$(service_port notifications)/v1/notification-settings
     curl -H "Authorization: Bearer \$PATIENT_TOKEN" "$SCHEDULING/v1/calendars/\$CALENDAR_ID/slots?from=\$SLOTS_FROM&to=\$SLOTS_TO&typeId=\$TYPE_ID"
     curl -X POST -H "Authorization: Bearer \$PATIENT_TOKEN" -H 'content-type: application/json' $SCHEDULING/v1/appointments \\
       -d "{\"calendarId\":\"\$CALENDAR_ID\",\"appointmentTypeId\":\"\$TYPE_ID\",\"patientId\":\"\$PATIENT_ID\",\"start\":\"\$SLOT_START\"}"
     curl http://127.0.0.1:$CAREBUS_MAIL_SINK_HTTP_PORT/messages   # the booking confirmation e-mail, a few seconds later
     curl -H "Authorization: Bearer \$ADMIN_TOKEN" http://127.0.0.1:$(service_port device-registry)/v1/devices   # the demo agents
     curl -X POST -H "Authorization: Bearer \$ADMIN_TOKEN" http://127.0.0.1:$(service_port ehr-sync)/v1/clinics/\$CLINIC_ID/ehr-connections/\$EHR_CONNECTION_ID/sync-runs   # sync the whole schedule
     curl -H "Authorization: Bearer \$ADMIN_TOKEN" http://127.0.0.1:$(service_port ehr-sync)/v1/clinics/\$CLINIC_ID/ehr-connections/\$EHR_CONNECTION_ID/sync-runs   # the run ledger
     curl -X POST -H "Authorization: Bearer \$ADMIN_TOKEN" -H 'content-type: application/json' \\
       http://127.0.0.1:$(service_port device-registry)/v1/devices/\$TERMINAL_DEVICE_ID/commands \\
       -d "{\"kind\":\"payment\",\"idempotencyId\":\"\$(node -p 'crypto.randomUUID()')\",\"payment\":{\"amountMinor\":45000,\"currency\":\"NOK\",\"reference\":\"INV-1\"}}"
     curl -H "Authorization: Bearer \$ADMIN_TOKEN" http://127.0.0.1:$(service_port device-registry)/v1/device-commands/<commandId>   # the terminal's answer
     curl -H "Authorization: Bearer \$PRACTITIONER_TOKEN" $MESSAGING/inboxes   # the GP's inbox: unread 1 (the seeded e-consultation)
     curl -X POST -H "Authorization: Bearer \$PATIENT_TOKEN" -H 'content-type: application/json' $MESSAGING/my/threads/\$MESSAGING_THREAD_ID/messages \\
       -d '{"body":"It is worse today"}'   # the patient writes again: unread 2
     curl -X POST -H "Authorization: Bearer \$PRACTITIONER_TOKEN" $MESSAGING/threads/\$MESSAGING_THREAD_ID/read   # the GP reads it: unread 0
     eval "\$(bash deploy/local/kafka.sh client-env carebus-cli | sed 's/^/export /')"; npm run carebus -- dlq list
Press Ctrl-C to stop.
EOF

# Stay in the foreground until Ctrl-C or until a service dies.
while :; do
  for pid in "${PIDS[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then say "a process exited (pid $pid); see $LOGS"; exit 1; fi
  done
  sleep 2
done
