#!/usr/bin/env bash
# Lints and renders the Carebus chart with default and production values; any error fails.
# helm comes from PATH, else from the clone's toolchain (bash deploy/bootstrap.sh helm).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
helm="$(command -v helm || true)"
if [ -z "$helm" ]; then helm="$root/.carebus/bin/helm"; fi
if [ ! -x "$helm" ]; then
  echo "helm not found on PATH or at $root/.carebus/bin/helm; run: bash deploy/bootstrap.sh helm" >&2
  exit 1
fi

chart="$root/charts/carebus"
prod="$chart/values-production.yaml"

# --strict turns lint warnings into failures.
"$helm" lint --strict "$chart"
"$helm" lint --strict "$chart" -f "$prod"
"$helm" template carebus "$chart" >/dev/null
"$helm" template carebus "$chart" --namespace carebus -f "$prod" >/dev/null
echo "charts/carebus: lint and template OK (default and production values)"
