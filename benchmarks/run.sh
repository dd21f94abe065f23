#!/usr/bin/env bash
# npm run bench -- <name> [args]: bootstrap, build, start local Kafka + PostgreSQL, run one benchmark.
# Names: write-path, relay, end-to-end, scheduling-booking, audit-sealing, kafka-client, ehr-sync, ehr-write-back, messaging, messaging-attachments, device-registry (see benchmarks/README.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. deploy/bootstrap.sh
ensure_node && ensure_deps
npm run --silent build
bash deploy/local/infra.sh up >/dev/null
# Which Kafka: the release kafka.sh selects (CAREBUS_KAFKA_VERSION); a broker that already ran on
# the port was used as it is (kafka.sh said so above).
echo "[bench] Kafka $(bash deploy/local/kafka.sh version) on 127.0.0.1:${CAREBUS_KAFKA_PORT:-9092}" >&2
# As the benchmark principal of deploy/kafka/acls.json (TLS and SCRAM on a secured broker).
eval "$(bash deploy/local/kafka.sh client-env benchmark CAREBUS_TEST_ | sed 's/^/export /')"
export CAREBUS_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:${PGPORT:-5432}/postgres"
export KAFKAJS_NO_PARTITIONER_WARNING=1
name="${1:?usage: npm run bench -- <write-path|relay|end-to-end|scheduling-booking|audit-sealing|kafka-client|ehr-sync|ehr-write-back|messaging|messaging-attachments|device-registry> [args]}"
shift
exec node "benchmarks/dist/$name.js" "$@"
