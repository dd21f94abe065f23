#!/usr/bin/env bash
# Local Kafka + PostgreSQL together: infra.sh up | down | wipe
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "${1:-}" in
  up) bash "$HERE/kafka.sh" start && bash "$HERE/postgres.sh" ensure ;;
  down) bash "$HERE/kafka.sh" stop ;;
  wipe) bash "$HERE/kafka.sh" wipe ;;
  *) echo "usage: $0 up|down|wipe" >&2; exit 2 ;;
esac
