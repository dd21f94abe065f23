#!/usr/bin/env bash
# A real single-node Apache Kafka (KRaft) broker for local development and tests.
#   kafka.sh start      resolve jars (once), format storage (once), start, wait for a metadata answer
#   kafka.sh stop       stop cleanly (SIGTERM, then wait)
#   kafka.sh status     exit 0 when the broker answers
#   kafka.sh wipe       stop and delete this version's broker data
#   kafka.sh version    print the Kafka release this selects
#   kafka.sh classpath  print the Java classpath of that release's jars (broker and tools)
#   kafka.sh tool <class> [args]  run one of Kafka's command-line tools (see kafka-tool.sh)
#   kafka.sh principals apply deploy/kafka/acls.json (SCRAM users, ACLs); start does it too
#   kafka.sh client-env <user> [prefix]  print a client's settings as <prefix>KAFKA_BROKERS=… lines
#   kafka.sh client-properties <user>    print the path of a Java client properties file for <user>
#   kafka.sh security   print sasl_ssl or plaintext
# Security: CAREBUS_KAFKA_SECURITY unset or sasl_ssl → one SASL_SSL listener (SCRAM-SHA-512, TLS
# from a CA and broker certificate generated once into $CAREBUS_CACHE/kafka-tls), KRaft's
# StandardAuthorizer with allow.everyone.if.no.acl.found=false, the users and ACLs of
# deploy/kafka/acls.json, and the controller on an internal mutual-TLS listener; plaintext → one
# unauthenticated PLAINTEXT listener. Local SCRAM passwords are carebus-local-<user>: the broker
# listens on 127.0.0.1 only, and nothing outside this machine uses them.
# Which Kafka: CAREBUS_KAFKA_VERSION unset or 4 → the release pinned in kafka/pom.xml (4.x);
# 3.9 → the one pinned in kafka/pom-3.9.xml; a full release (4.2.1, 3.9.2) → that release.
# Jars are cached in $CAREBUS_CACHE/kafka-<version>/; data and logs live in the clone's
# .carebus/kafka-<version> (or CAREBUS_KAFKA_DIR), so switching versions never reuses storage.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${CAREBUS_CACHE:-$HOME/.cache/carebus}"
PORT="${CAREBUS_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${CAREBUS_KAFKA_CONTROLLER_PORT:-9093}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
SECURITY="${CAREBUS_KAFKA_SECURITY:-sasl_ssl}"
TLS_DIR="$CACHE/kafka-tls"
ACL_FILE="$ROOT/deploy/kafka/acls.json"
LOCAL_PASSWORD_PREFIX=carebus-local-

log() { printf '[kafka] %s\n' "$*" >&2; }
pinned() { sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$1"; }

case "$SECURITY" in
  sasl_ssl | plaintext) ;;
  *) log "CAREBUS_KAFKA_SECURITY=$SECURITY: expected sasl_ssl or plaintext"; exit 2 ;;
esac

REQUESTED="${CAREBUS_KAFKA_VERSION:-}"
case "$REQUESTED" in
  "" | 4 | 4.*) POM="$HERE/kafka/pom.xml" ;;
  3.9 | 3.9.*) POM="$HERE/kafka/pom-3.9.xml" ;;
  *) log "CAREBUS_KAFKA_VERSION=$REQUESTED: expected 4, 3.9 or a 4.x or 3.9.x release"; exit 2 ;;
esac
VERSION="$(pinned "$POM")"
case "$REQUESTED" in
  *.*.*) VERSION="$REQUESTED" ;;
  "") ;;
  *) [[ "$VERSION" == "$REQUESTED".* ]] || { log "CAREBUS_KAFKA_VERSION=$REQUESTED: name a release, e.g. $REQUESTED.0"; exit 2; } ;;
esac
# Named by the pom's content: a changed dependency list resolves beside the old jars, never
# under a broker that is running from them.
LIBS="$CACHE/kafka-$VERSION/libs-$(sha256sum "$POM" | cut -c1-8)"
# A secured broker's storage holds its SCRAM users, so it never shares a directory with a plaintext one.
if [ "$SECURITY" = plaintext ]; then DEFAULT_DIR="$ROOT/.carebus/kafka-$VERSION"; else DEFAULT_DIR="$ROOT/.carebus/kafka-$VERSION-$SECURITY"; fi
DATA_DIR="${CAREBUS_KAFKA_DIR:-$DEFAULT_DIR}"
PID_FILE="$DATA_DIR/broker.pid"
LOG_DIR="$DATA_DIR/logs"
if [ "${VERSION%%.*}" -ge 4 ]; then
  # Kafka 4 logs through log4j2 and moved the API versions tool into kafka-tools.
  BROKER_LOG="-Dlog4j2.configurationFile=$HERE/kafka/log4j2.properties"
  TOOL_LOG="-Dlog4j2.configurationFile=$HERE/kafka/tools-log4j2.properties"
  API_VERSIONS=org.apache.kafka.tools.BrokerApiVersionsCommand
else
  BROKER_LOG="-Dlog4j.configuration=file:$HERE/kafka/log4j.properties"
  TOOL_LOG="-Dlog4j.configuration=file:$HERE/kafka/tools-log4j.properties"
  API_VERSIONS=kafka.admin.BrokerApiVersionsCommand
fi

resolve_jars() {
  if [ -d "$LIBS" ]; then return; fi
  log "resolving Apache Kafka $VERSION from Maven Central into $LIBS"
  local partial="$LIBS.partial-$$"
  rm -rf "$partial" && mkdir -p "$partial"
  if ! mvn -q -B -f "$POM" dependency:copy-dependencies -Dkafka.version="$VERSION" \
    -DoutputDirectory="$partial" -DincludeScope=runtime >&2; then
    rm -rf "$partial"
    log "could not resolve Apache Kafka $VERSION"
    return 1
  fi
  # Complete or absent: another start that resolved it meanwhile keeps its copy.
  mv -T "$partial" "$LIBS" 2>/dev/null || rm -rf "$partial"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

tool() { "$JAVA" -cp "$LIBS/*" "$TOOL_LOG" "$@"; }

# The CA and the broker certificate (SAN 127.0.0.1, localhost), made once per cache: every clone
# and every local broker shares them, so a client of one clone trusts another clone's broker.
ensure_tls() {
  if [ -f "$TLS_DIR/broker.pem" ]; then return; fi
  log "generating a local CA and broker certificate into $TLS_DIR"
  local tmp="$TLS_DIR.partial-$$"
  rm -rf "$tmp" && mkdir -p "$tmp" && chmod 700 "$tmp"
  (
    cd "$tmp"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 \
      -subj "/CN=Carebus local Kafka CA" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -newkey rsa:2048 -nodes -keyout broker.key -out broker.csr -subj "/CN=carebus-local-broker"
    printf '%s\n' 'subjectAltName=IP:127.0.0.1,DNS:localhost' 'basicConstraints=CA:FALSE' \
      'keyUsage=critical,digitalSignature,keyEncipherment' 'extendedKeyUsage=serverAuth,clientAuth' >broker.ext
    openssl x509 -req -in broker.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 \
      -extfile broker.ext -out broker.crt
    # Kafka's PEM key store: the PKCS#8 key, then the chain.
    cat broker.key broker.crt ca.crt >broker.pem
    rm -f broker.csr broker.ext ca.srl
  ) >/dev/null 2>&1 || { rm -rf "$tmp"; log "could not generate certificates with openssl"; return 1; }
  mkdir -p "$(dirname "$TLS_DIR")"
  mv -T "$tmp" "$TLS_DIR" 2>/dev/null || rm -rf "$tmp" # another start made them meanwhile
}

local_password() { printf '%s%s' "$LOCAL_PASSWORD_PREFIX" "$1"; }

# A Java client's settings for <user> (Kafka's tools, the principals tool), kept beside the CA.
client_properties() {
  local user="$1" file="$TLS_DIR/client-$1.properties"
  ensure_tls
  if [ ! -f "$file" ]; then
    (
      umask 077
      printf '%s\n' security.protocol=SASL_SSL sasl.mechanism=SCRAM-SHA-512 \
        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$user\" password=\"$(local_password "$user")\";" \
        ssl.truststore.type=PEM "ssl.truststore.location=$TLS_DIR/ca.crt" >"$file.$$"
      mv "$file.$$" "$file"
    )
  fi
  echo "$file"
}

# A Node client's settings for <user>, as the variables services (prefix "") and tests
# (CAREBUS_TEST_) read.
client_env() {
  local user="$1" p="${2:-}"
  echo "${p}KAFKA_BROKERS=127.0.0.1:$PORT"
  if [ "$SECURITY" = plaintext ]; then echo "${p}KAFKA_TLS=false"; return; fi
  ensure_tls
  echo "${p}KAFKA_TLS=true"
  echo "${p}KAFKA_TLS_CA_FILE=$TLS_DIR/ca.crt"
  echo "${p}KAFKA_SASL_MECHANISM=scram-sha-512"
  echo "${p}KAFKA_SASL_USERNAME=$user"
  echo "${p}KAFKA_SASL_PASSWORD=$(local_password "$user")"
}

admin_config() { [ "$SECURITY" = plaintext ] || printf '%s\n' --command-config "$(client_properties admin)"; }

# Twice: on a busy machine one TLS and SCRAM handshake of a cold JVM may miss the tool's timeout.
answers_metadata() {
  local config
  mapfile -t config < <(admin_config)
  tool "$API_VERSIONS" --bootstrap-server "127.0.0.1:$PORT" "${config[@]}" >/dev/null 2>&1 ||
    tool "$API_VERSIONS" --bootstrap-server "127.0.0.1:$PORT" "${config[@]}" >/dev/null 2>&1
}

plaintext_answers() { tool "$API_VERSIONS" --bootstrap-server "127.0.0.1:$PORT" >/dev/null 2>&1; }

# deploy/kafka/acls.json onto the broker, as its super user (KafkaPrincipals.java says how).
apply_principals() {
  [ "$SECURITY" = plaintext ] && return 0
  # Compiled once per source and Kafka release, beside the jars.
  local classes
  classes="$(dirname "$LIBS")/principals-$(sha256sum "$HERE/kafka/KafkaPrincipals.java" | cut -c1-8)"
  if [ ! -f "$classes/KafkaPrincipals.class" ]; then
    mkdir -p "$classes.partial-$$"
    javac -nowarn -cp "$LIBS/*" -d "$classes.partial-$$" "$HERE/kafka/KafkaPrincipals.java" >&2
    mv -T "$classes.partial-$$" "$classes" 2>/dev/null || rm -rf "$classes.partial-$$"
  fi
  "$JAVA" -cp "$classes:$LIBS/*" "$TOOL_LOG" KafkaPrincipals \
    "127.0.0.1:$PORT" "$(client_properties admin)" "$ACL_FILE" "$LOCAL_PASSWORD_PREFIX"
}

# Storage formatted by one Kafka minor version is not for another (3.9 cannot read 4.x's, and 4.x
# upgrades 3.9's for good): the version that formatted it is kept beside the data.
check_storage_version() {
  local formatted
  formatted="$(cat "$DATA_DIR/kafka.version" 2>/dev/null || echo 3.9.1)" # before the stamp: 3.9.1
  if [ "${formatted%.*}" != "${VERSION%.*}" ]; then
    log "$DATA_DIR holds Kafka $formatted storage, not $VERSION: set another CAREBUS_KAFKA_DIR or run 'kafka.sh wipe'"
    exit 1
  fi
  formatted="$(cat "$DATA_DIR/kafka.security" 2>/dev/null || echo plaintext)"
  if [ "$formatted" != "$SECURITY" ]; then
    log "$DATA_DIR holds a $formatted broker's storage, not a $SECURITY one: set another CAREBUS_KAFKA_DIR or run 'kafka.sh wipe'"
    exit 1
  fi
}

format_storage() {
  local formatted=0
  if [ -f "$DATA_DIR/data/meta.properties" ]; then check_storage_version; formatted=1; fi
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  sed -e "/@LISTENERS@/{r $HERE/kafka/listeners-$SECURITY.properties" -e 'd}' "$HERE/kafka/server.properties.template" |
    sed -e "s#@PORT@#$PORT#g; s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g; s#@DATA_DIR@#$DATA_DIR#g" \
      -e "s#@TLS_DIR@#$TLS_DIR#g; s#@ADMIN_PASSWORD@#$(local_password admin)#g" > "$DATA_DIR/server.properties"
  chmod 600 "$DATA_DIR/server.properties"
  if [ "$formatted" = 1 ]; then return; fi
  local cluster_id
  cluster_id="$(tool kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  log "formatting KRaft storage for Kafka $VERSION (cluster $cluster_id)"
  # The controller quorum is static (controller.quorum.voters), which both 3.9 and 4.x format
  # without --standalone or --initial-controllers.
  # The broker's own SCRAM user (inter-broker, super user) must exist before it can start.
  local scram=()
  [ "$SECURITY" = plaintext ] ||
    scram=(--add-scram "SCRAM-SHA-512=[name=admin,password=$(local_password admin)]")
  tool kafka.tools.StorageTool format -t "$cluster_id" -c "$DATA_DIR/server.properties" "${scram[@]}" >/dev/null
  echo "$VERSION" > "$DATA_DIR/kafka.version"
  echo "$SECURITY" > "$DATA_DIR/kafka.security"
}

start() {
  if port_open "$PORT"; then
    resolve_jars
    if answers_metadata; then
      log "a broker already answers on 127.0.0.1:$PORT"
      apply_principals
      return
    fi
    if [ "$SECURITY" != plaintext ] && plaintext_answers; then
      log "a plaintext broker answers on 127.0.0.1:$PORT; stop it, or set CAREBUS_KAFKA_PORT, or CAREBUS_KAFKA_SECURITY=plaintext"
      exit 1
    fi
    log "port $PORT is taken by something that is not a Kafka broker"; exit 1
  fi
  resolve_jars
  [ "$SECURITY" = plaintext ] || ensure_tls
  format_storage
  log "starting Kafka $VERSION on 127.0.0.1:$PORT (logs: $LOG_DIR/server.log)"
  nohup "$JAVA" -Xms256m -Xmx${CAREBUS_KAFKA_HEAP:-768m} -XX:+UseG1GC \
    -Djava.awt.headless=true "$BROKER_LOG" -Dkafka.logs.dir="$LOG_DIR" \
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
  apply_principals || { log "could not apply $ACL_FILE"; exit 1; }
  log "ready on 127.0.0.1:$PORT ($SECURITY)"
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
  version) echo "$VERSION" ;;
  classpath) resolve_jars && echo "$LIBS/*" ;;
  tool) shift; resolve_jars && exec "$JAVA" -cp "$LIBS/*" "$TOOL_LOG" "$@" ;;
  principals) resolve_jars && apply_principals ;;
  client-env) client_env "${2:?usage: $0 client-env <user> [prefix]}" "${3:-}" ;;
  client-properties) client_properties "${2:?usage: $0 client-properties <user>}" ;;
  security) echo "$SECURITY" ;;
  *) echo "usage: $0 start|stop|status|wipe|jars|version|classpath|tool|principals|client-env|client-properties|security" >&2; exit 2 ;;
esac
