#!/usr/bin/env bash
# A real single-node Apache Kafka (KRaft) broker for local development and tests.
#   kafka.sh start   resolve jars (once), format storage (once), start, wait for a metadata answer
#   kafka.sh stop    stop cleanly (SIGTERM, then wait)
#   kafka.sh status  exit 0 when the broker answers
#   kafka.sh wipe    stop and delete this clone's broker data
# Jars are cached in $CAREBUS_CACHE/kafka-<version>/libs; data and logs live in the clone's .carebus/kafka.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${CAREBUS_CACHE:-$HOME/.cache/carebus}"
VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/kafka/pom.xml")"
LIBS="$CACHE/kafka-$VERSION/libs"
PORT="${CAREBUS_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${CAREBUS_KAFKA_CONTROLLER_PORT:-9093}"
DATA_DIR="${CAREBUS_KAFKA_DIR:-$ROOT/.carebus/kafka}"
PID_FILE="$DATA_DIR/broker.pid"
LOG_DIR="$DATA_DIR/logs"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { printf '[kafka] %s\n' "$*" >&2; }

resolve_jars() {
  if [ -f "$LIBS/.complete" ]; then return; fi
  log "resolving Apache Kafka $VERSION from Maven Central into $LIBS"
  rm -rf "$LIBS" && mkdir -p "$LIBS"
  mvn -q -B -f "$HERE/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$LIBS" -DincludeScope=runtime >&2
  touch "$LIBS/.complete"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

answers_metadata() {
  "$JAVA" -cp "$LIBS/*" -Dlog4j.configuration="file:$HERE/kafka/log4j.properties" \
    -Dkafka.logs.dir="$LOG_DIR" kafka.admin.BrokerApiVersionsCommand \
    --bootstrap-server "127.0.0.1:$PORT" >/dev/null 2>&1
}

format_storage() {
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  sed -e "s#@PORT@#$PORT#g; s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g; s#@DATA_DIR@#$DATA_DIR#g" \
    "$HERE/kafka/server.properties.template" > "$DATA_DIR/server.properties"
  if [ -f "$DATA_DIR/data/meta.properties" ]; then return; fi
  local cluster_id
  cluster_id="$("$JAVA" -cp "$LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  log "formatting KRaft storage (cluster $cluster_id)"
  "$JAVA" -cp "$LIBS/*" -Dlog4j.configuration="file:$HERE/kafka/log4j.properties" \
    -Dkafka.logs.dir="$LOG_DIR" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$DATA_DIR/server.properties" >/dev/null
}

start() {
  if port_open "$PORT"; then
    resolve_jars
    if answers_metadata; then log "a broker already answers on 127.0.0.1:$PORT"; return; fi
    log "port $PORT is taken by something that is not a Kafka broker"; exit 1
  fi
  resolve_jars
  format_storage
  log "starting broker on 127.0.0.1:$PORT (logs: $LOG_DIR/server.log)"
  nohup "$JAVA" -Xms256m -Xmx${CAREBUS_KAFKA_HEAP:-768m} -XX:+UseG1GC \
    -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$HERE/kafka/log4j.properties" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$LIBS/*" kafka.Kafka "$DATA_DIR/server.properties" \
    >"$LOG_DIR/stdout.log" 2>&1 </dev/null &
  echo $! > "$PID_FILE"
  local deadline=$((SECONDS + ${CAREBUS_KAFKA_START_TIMEOUT:-90}))
  until port_open "$PORT" && answers_metadata; do
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      log "broker exited during start; last lines of $LOG_DIR/server.log:"
      tail -n 30 "$LOG_DIR/server.log" >&2 || true
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then log "broker did not answer in time"; exit 1; fi
    sleep 1
  done
  log "ready on 127.0.0.1:$PORT"
}

stop() {
  if [ ! -f "$PID_FILE" ]; then log "not started from this clone"; return; fi
  local pid
  pid="$(cat "$PID_FILE")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping broker (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && { log "broker ignored SIGTERM; killing"; kill -KILL "$pid"; }
  fi
  rm -f "$PID_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) port_open "$PORT" && resolve_jars && answers_metadata ;;
  wipe) stop; rm -rf "$DATA_DIR"; log "wiped $DATA_DIR" ;;
  jars) resolve_jars ;;
  *) echo "usage: $0 start|stop|status|wipe|jars" >&2; exit 2 ;;
esac
