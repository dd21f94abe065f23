#!/usr/bin/env bash
# Environment of a service on this machine (sourced by start.sh): the same variable names as the
# Helm chart and docker-compose.yml. Usage: service_env <service-name> [migrate]  → prints KEY=VALUE
# lines. Only `migrate` (migrate.js) gets the schema owner's URL, as only the chart's migrations Job does.
CAREBUS_SERVICES=(scheduling messaging ehr-sync device-registry notifications)
CAREBUS_DEV_ISSUER_PORT="${CAREBUS_DEV_ISSUER_PORT:-3900}"
# tools/mail-sink: the local SMTP server and SMS/push webhook sink notifications delivers to.
CAREBUS_MAIL_SINK_SMTP_PORT="${CAREBUS_MAIL_SINK_SMTP_PORT:-2525}"
CAREBUS_MAIL_SINK_HTTP_PORT="${CAREBUS_MAIL_SINK_HTTP_PORT:-8025}"
CAREBUS_WEBHOOK_SECRET="${CAREBUS_WEBHOOK_SECRET:-dev-webhook-secret-change-me}"
# tools/ehr-simulator: the demo clinic's EHR (FHIR R4 and vendor API) that ehr-sync syncs with.
CAREBUS_EHR_SIM_PORT="${CAREBUS_EHR_SIM_PORT:-8090}"

# HTTP ports CAREBUS_PORT_BASE + 1…5 (3001…3005 by default); scheduling's gRPC on CAREBUS_GRPC_PORT.
CAREBUS_PORT_BASE="${CAREBUS_PORT_BASE:-3000}"
CAREBUS_GRPC_PORT="${CAREBUS_GRPC_PORT:-4001}"
# The device registry's agent protocol (gRPC) for the agents on this computer.
CAREBUS_AGENT_GRPC_PORT="${CAREBUS_AGENT_GRPC_PORT:-4004}"
# ehr-sync's gRPC for EHR vendors' real-time pushes (EhrPushService).
CAREBUS_EHR_PUSH_GRPC_PORT="${CAREBUS_EHR_PUSH_GRPC_PORT:-4003}"
# messaging's partner gRPC API for the national portal (PortalPartnerService).
CAREBUS_PORTAL_GRPC_PORT="${CAREBUS_PORTAL_GRPC_PORT:-4002}"

service_port() {
  local offset
  case "$1" in
    scheduling) offset=1 ;; messaging) offset=2 ;; ehr-sync) offset=3 ;;
    device-registry) offset=4 ;; notifications) offset=5 ;;
    *) echo "unknown service $1" >&2; return 1 ;;
  esac
  echo $((CAREBUS_PORT_BASE + offset))
}

# Writes `content` to `file` (mode 600) unless the file exists already. Services are started side
# by side and each asks for its keys, so two may find no file at once: the write goes to a file of
# its own and is linked into place, and the first link wins (ln refuses an existing name), so every
# service reads the same key.
write_once() {
  local file="$1" content="$2" tmp
  [ -s "$file" ] && return 0
  mkdir -p "$(dirname "$file")"
  tmp="$(umask 077 && mktemp "$file.XXXXXX")"
  echo "$content" >"$tmp"
  ln "$tmp" "$file" 2>/dev/null || true
  rm -f "$tmp"
}

# The KEK of this clone for the key vault (EHR_SYNC_KEKS) or, with `messaging`, for attachments
# (MESSAGING_KEKS, its own): generated once, kept in .carebus/dev-keks[-messaging] (mode 600,
# git-ignored), so keys stored by `npm start` still open after a restart. Never a constant in code;
# CAREBUS_EHR_SYNC_KEKS / CAREBUS_MESSAGING_KEKS override them.
dev_keks() {
  if [ "${1:-}" = messaging ]; then
    if [ -n "${CAREBUS_MESSAGING_KEKS:-}" ]; then echo "$CAREBUS_MESSAGING_KEKS"; return; fi
  elif [ -n "${CAREBUS_EHR_SYNC_KEKS:-}" ]; then echo "$CAREBUS_EHR_SYNC_KEKS"; return; fi
  local file="$CAREBUS_ROOT/.carebus/dev-keks${1:+-$1}"
  write_once "$file" "v1:$(head -c 32 /dev/urandom | base64)"
  cat "$file"
}

# messaging's national-id key ring (MESSAGING_NATIONAL_ID_KEYS): generated once, kept in
# .carebus/dev-national-id-keys (mode 600, git-ignored), so numbers sealed by `npm start` still open
# after a restart; a clone's single key of earlier releases (.carebus/dev-national-id-key) becomes
# its v1, so what it sealed still opens. CAREBUS_MESSAGING_NATIONAL_ID_KEYS overrides it.
dev_national_id_keys() {
  if [ -n "${CAREBUS_MESSAGING_NATIONAL_ID_KEYS:-}" ]; then echo "$CAREBUS_MESSAGING_NATIONAL_ID_KEYS"; return; fi
  local file="$CAREBUS_ROOT/.carebus/dev-national-id-keys" single="$CAREBUS_ROOT/.carebus/dev-national-id-key"
  if [ -s "$single" ]; then
    write_once "$file" "v1:$(cat "$single")"
  else
    write_once "$file" "v1:$(head -c 32 /dev/urandom | base64)"
  fi
  cat "$file"
}

# The sealed-field key rings of this clone (libs/crypto FieldSealer; docs/events.md, "Sealed
# fields"): patient-identity and journal-note, each generated once into .carebus/dev-<purpose>-keys
# (mode 600, git-ignored) like dev_keks. CAREBUS_PATIENT_IDENTITY_KEYS / CAREBUS_JOURNAL_NOTE_KEYS
# set in the shell override them.
dev_ring() {
  local purpose="$1" var
  var="CAREBUS_$(echo "$purpose" | tr 'a-z-' 'A-Z_')_KEYS"
  if [ -n "${!var:-}" ]; then echo "${!var}"; return; fi
  local file="$CAREBUS_ROOT/.carebus/dev-$purpose-keys"
  write_once "$file" "v1:$(head -c 32 /dev/urandom | base64)"
  cat "$file"
}

# The device registry's seal key (DEVICE_REGISTRY_SEAL_KEY): generated once, kept in
# .carebus/dev-device-seal-key (mode 600, git-ignored), so sealed commands still open after a
# restart; CAREBUS_DEVICE_REGISTRY_SEAL_KEY overrides it.
dev_device_seal_key() {
  if [ -n "${CAREBUS_DEVICE_REGISTRY_SEAL_KEY:-}" ]; then echo "$CAREBUS_DEVICE_REGISTRY_SEAL_KEY"; return; fi
  local file="$CAREBUS_ROOT/.carebus/dev-device-seal-key"
  write_once "$file" "$(head -c 32 /dev/urandom | base64)"
  cat "$file"
}

# Makes every dev key of this clone now, one after the other (before the services start side by
# side), and answers a short hash of them all: the stamp of the demo database they seal data in.
dev_keys_stamp() {
  {
    dev_keks
    dev_keks messaging
    dev_national_id_keys
    dev_ring patient-identity
    dev_ring journal-note
    dev_device_seal_key
  } | sha256sum | cut -c1-16
}

# Which services hold which ring: only those that seal or open the field.
ring_holders() {
  case "$1" in
    patient-identity) echo "scheduling messaging" ;;
    journal-note) echo "messaging ehr-sync" ;;
  esac
}

service_env() {
  local name="$1" schema="${1//-/_}"
  local pg="127.0.0.1:${PGPORT:-5432}/${CAREBUS_DATABASE:-carebus}"
  echo "HTTP_PORT=$(service_port "$name")"
  if [ "$name" = scheduling ]; then echo "GRPC_PORT=$CAREBUS_GRPC_PORT"; fi
  if [ "$name" = ehr-sync ]; then echo "GRPC_PORT=$CAREBUS_EHR_PUSH_GRPC_PORT"; fi
  if [ "$name" = messaging ]; then echo "GRPC_PORT=$CAREBUS_PORTAL_GRPC_PORT"; fi
  echo "DATABASE_URL=postgres://carebus_${schema}_app@$pg"
  if [ "${2:-}" = migrate ]; then echo "DATABASE_MIGRATION_URL=postgres://carebus_${schema}@$pg"; fi
  # KAFKA_BROKERS, and TLS and the service's own principal on a secured broker (deploy/kafka/acls.json).
  bash "$CAREBUS_ROOT/deploy/local/kafka.sh" client-env "$name"
  echo "KAFKA_CLIENT_ID=$name"
  echo "AUTH_ISSUER=http://127.0.0.1:$CAREBUS_DEV_ISSUER_PORT"
  echo "AUTH_JWKS_URL=http://127.0.0.1:$CAREBUS_DEV_ISSUER_PORT/.well-known/jwks.json"
  echo "AUTH_AUDIENCE=carebus"
  echo "LOG_LEVEL=${LOG_LEVEL:-info}"
  echo "KAFKAJS_NO_PARTITIONER_WARNING=1"
  if [ "$name" = ehr-sync ] && [ "${2:-}" != migrate ]; then echo "EHR_SYNC_KEKS=$(dev_keks)"; fi
  if [ "$name" = messaging ] && [ "${2:-}" != migrate ]; then echo "MESSAGING_NATIONAL_ID_KEYS=$(dev_national_id_keys)"; fi
  if [ "${2:-}" != migrate ]; then
    local purpose
    for purpose in patient-identity journal-note; do
      if [[ " $(ring_holders "$purpose") " == *" $name "* ]]; then
        echo "CAREBUS_$(echo "$purpose" | tr 'a-z-' 'A-Z_')_KEYS=$(dev_ring "$purpose")"
      fi
    done
  fi
  if [ "$name" = device-registry ]; then echo "GRPC_PORT=$CAREBUS_AGENT_GRPC_PORT"; fi
  if [ "$name" = device-registry ] && [ "${2:-}" != migrate ]; then
    echo "DEVICE_REGISTRY_SEAL_KEY=$(dev_device_seal_key)"
  fi
  if [ "$name" = messaging ] && [ "${2:-}" != migrate ]; then echo "MESSAGING_KEKS=$(dev_keks messaging)"; fi
  if [ "$name" = notifications ]; then
    echo "SMTP_URL=smtp://127.0.0.1:$CAREBUS_MAIL_SINK_SMTP_PORT"
    echo "SMTP_TLS_VERIFY=false" # the sink's STARTTLS certificate is self-signed
    echo "SMS_WEBHOOK_URL=http://127.0.0.1:$CAREBUS_MAIL_SINK_HTTP_PORT/webhooks/sms"
    echo "PUSH_WEBHOOK_URL=http://127.0.0.1:$CAREBUS_MAIL_SINK_HTTP_PORT/webhooks/push"
    echo "WEBHOOK_SECRET=$CAREBUS_WEBHOOK_SECRET"
  fi
}
