#!/usr/bin/env bash
# Kafka's own command-line tools from the jars deploy/local/kafka.sh resolved (no Kafka download
# to unpack), for the local broker or any broker the machine reaches:
#   kafka-tool.sh console-consumer --topic scheduling.appointment.v1 --from-beginning \
#     --formatter-property print.headers=true        (Kafka 3.9's tools: --property)
#   kafka-tool.sh consumer-groups --describe --group notifications
#   kafka-tool.sh topics --describe --topic scheduling.appointment.v1
#   kafka-tool.sh get-offsets --topic scheduling.appointment.v1
# --bootstrap-server defaults to the local broker (127.0.0.1:$CAREBUS_KAFKA_PORT, 9092), and
# CAREBUS_KAFKA_VERSION picks the tools' release as it picks kafka.sh's broker.
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
for arg in "$@"; do [ "$arg" = --bootstrap-server ] && bootstrap=(); done
exec bash "$HERE/kafka.sh" tool "$class" "${bootstrap[@]}" "$@"
