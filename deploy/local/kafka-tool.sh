#!/usr/bin/env bash
# Kafka's own command-line tools from the jars deploy/local/kafka.sh resolved (no Kafka download
# to unpack), for the local broker or any broker the machine reaches:
#   kafka-tool.sh console-consumer --topic scheduling.appointment.v1 --from-beginning \
#     --formatter-property print.headers=true        (Kafka 3.9's tools: --property)
#   kafka-tool.sh consumer-groups --describe --group notifications
#   kafka-tool.sh topics --describe --topic scheduling.appointment.v1
#   kafka-tool.sh get-offsets --topic scheduling.appointment.v1
# --bootstrap-server defaults to the local broker (127.0.0.1:$CAREBUS_KAFKA_PORT, 9092), and
# CAREBUS_KAFKA_VERSION picks the tools' release as it picks kafka.sh's broker. The tools log in
# as KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD with TLS trusting KAFKA_TLS_CA_FILE (KAFKA_TLS=true),
# the variables of every Carebus client; without them, on a secured local broker
# (CAREBUS_KAFKA_SECURITY=sasl_ssl), as its admin. An explicit --command-config wins.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() { echo "usage: $0 console-consumer|consumer-groups|topics|get-offsets [tool options]" >&2; exit 2; }
case "${1:-}" in
  console-consumer) class=org.apache.kafka.tools.consumer.ConsoleConsumer ;;
  consumer-groups) class=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
  topics) class=org.apache.kafka.tools.TopicCommand ;;
  get-offsets) class=org.apache.kafka.tools.GetOffsetShell ;;
  *) usage ;;
esac
shift
bootstrap=(--bootstrap-server "127.0.0.1:${CAREBUS_KAFKA_PORT:-9092}")
config=()
for arg in "$@"; do
  [ "$arg" = --bootstrap-server ] && bootstrap=()
  [ "$arg" = --command-config ] && config=(--command-config)
done

# Kafka's client settings from the Carebus variables, in a file only this run reads.
client_config() {
  local protocol=PLAINTEXT
  file="$(mktemp)"
  trap 'rm -f "$file"' EXIT
  if [ "${KAFKA_TLS:-false}" = true ]; then protocol=SSL; fi
  if [ -n "${KAFKA_SASL_USERNAME:-}" ]; then
    if [ "$protocol" = SSL ]; then protocol=SASL_SSL; else protocol=SASL_PLAINTEXT; fi
    local mechanism="${KAFKA_SASL_MECHANISM:-scram-sha-512}"
    printf '%s\n' "sasl.mechanism=${mechanism^^}" \
      "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$KAFKA_SASL_USERNAME\" password=\"${KAFKA_SASL_PASSWORD:-}\";" >>"$file"
  fi
  echo "security.protocol=$protocol" >>"$file"
  if [ -n "${KAFKA_TLS_CA_FILE:-}" ]; then
    printf '%s\n' ssl.truststore.type=PEM "ssl.truststore.location=$KAFKA_TLS_CA_FILE" >>"$file"
  fi
  config=(--command-config "$file")
}
if [ ${#config[@]} -eq 0 ]; then
  if [ -n "${KAFKA_SASL_USERNAME:-}${KAFKA_TLS:-}" ]; then
    client_config
  elif [ "$(bash "$HERE/kafka.sh" security)" = sasl_ssl ]; then
    config=(--command-config "$(bash "$HERE/kafka.sh" client-properties admin)")
  fi
else
  config=()
fi
# Before Kafka 4.2 (KIP-1147) console-consumer took its client settings as --consumer.config.
if [ ${#config[@]} -gt 0 ] && [ "$class" = org.apache.kafka.tools.consumer.ConsoleConsumer ] &&
  [[ "$(bash "$HERE/kafka.sh" version)" =~ ^(3\.|4\.[01]\.) ]]; then
  config=(--consumer.config "${config[1]}")
fi
bash "$HERE/kafka.sh" tool "$class" "${bootstrap[@]}" "${config[@]}" "$@"
