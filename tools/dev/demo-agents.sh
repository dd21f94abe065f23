#!/usr/bin/env bash
# Sourced by start.sh: the demo clinic's two agents (tools/carebus-agent) as processes, one
# workstation service ("this computer") and one clinic device service named "Reception terminal",
# each from the identity tools/dev/seed-devices.cjs wrote under $RUN/agents/<kind>/ (their SQLite
# state goes beside it). Should a directory hold no identity the registry knows, the agent is
# enrolled here with a fresh code by the CLI. Needs: RUN, LOGS, PIDS, say(), service_port(),
# CAREBUS_AGENT_GRPC_PORT (local-env.sh) and ADMIN_TOKEN (from the demo seed).

CAREBUS_WHOAMI_PORT="${CAREBUS_WHOAMI_PORT:-47615}"

# demo_agent_enrolled <state-dir> <registry url>: the device id when the registry knows the agent there.
demo_agent_enrolled() {
  local file="$1/device.json" id
  [ -s "$file" ] || file="$1/identity.json"
  [ -s "$file" ] || return 1
  id="$(node -e 'const d=require(process.argv[1]);process.stdout.write(d.deviceId||d.device_id||"")' "$file")"
  [ -n "$id" ] && curl -fsS --max-time 5 -o /dev/null -H "Authorization: Bearer $ADMIN_TOKEN" "$2/v1/devices/$id" && echo "$id"
}

# demo_agent_enrol <kind> <state-dir> <registry url> [name]: a code from the admin, enrolment by the CLI, the name.
demo_agent_enrol() {
  local kind="$1" dir="$2" registry="$3" name="${4:-}" code id
  if [ -e "$dir" ]; then mv "$dir" "$dir.stale.$(date +%s)"; fi
  code="$(curl -fsS -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' \
    "$registry/v1/enrolment-codes" -d "{\"kind\":\"${kind//-/_}\"}" | node -pe 'JSON.parse(require("fs").readFileSync(0)).code')" || return 1
  id="$(node tools/carebus-agent/dist/main.js enrol --code "$code" --kind "$kind" --state-dir "$dir" \
    --api "grpc://127.0.0.1:$CAREBUS_AGENT_GRPC_PORT" --hostname "demo-$kind" | node -pe 'JSON.parse(require("fs").readFileSync(0)).deviceId')" || return 1
  if [ -n "$name" ]; then
    curl -fsS -o /dev/null -X PATCH -H "Authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' \
      "$registry/v1/devices/$id" -d "{\"name\":\"$name\"}" || return 1
  fi
  echo "$id"
}

start_demo_agents() {
  local registry="http://127.0.0.1:$(service_port device-registry)" kind dir id name
  for kind in workstation clinic-device; do
    dir="$RUN/agents/$kind"
    name=""
    if [ "$kind" = clinic-device ]; then name="Reception terminal"; fi
    # The demo goes on without an agent the registry refuses to enrol; the log says why.
    if ! id="$(demo_agent_enrolled "$dir" "$registry" || demo_agent_enrol "$kind" "$dir" "$registry" "$name" 2>>"$LOGS/agent-$kind.log")"; then
      say "agent $kind not started: enrolment failed (see $LOGS/agent-$kind.log)"
      continue
    fi
    node tools/carebus-agent/dist/main.js run --state-dir "$dir" --api "grpc://127.0.0.1:$CAREBUS_AGENT_GRPC_PORT" \
      --whoami-port "$([ "$kind" = workstation ] && echo "$CAREBUS_WHOAMI_PORT" || echo off)" \
      --terminal-timeout-ms 5000 >"$LOGS/agent-$kind.log" 2>&1 &
    PIDS+=($!)
    say "agent $kind running (device $id; log $LOGS/agent-$kind.log)"
    if [ "$kind" = workstation ]; then WORKSTATION_DEVICE_ID="$id"; else TERMINAL_DEVICE_ID="$id"; fi
  done
  export WORKSTATION_DEVICE_ID TERMINAL_DEVICE_ID
}
