#!/usr/bin/env bash
# CI gate for proto/: lint, no breaking change against main, and the checked-in generated code
# (libs/contracts/src/gen) is what generate.sh produces now. Works from any cwd, offline.
set -euo pipefail

proto_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$proto_dir")"
bin="$root/node_modules/.bin"
if [[ ! -x "$bin/buf" ]]; then
  echo "check.sh: buf missing in $bin; run npm ci" >&2
  exit 1
fi
export PATH="$bin:$PATH"
cd "$proto_dir"

echo "== buf lint"
buf lint

echo "== buf breaking (FILE) against main"
if ! git_dir="$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)"; then
  echo "skipped: $root is not a git repository"
elif ! git -C "$root" rev-parse --verify --quiet refs/heads/main >/dev/null; then
  echo "skipped: no main branch"
elif ! git -C "$root" cat-file -e main:proto/buf.yaml 2>/dev/null; then
  echo "skipped: main has no proto/ yet"
else
  buf breaking --against "${git_dir}#format=git,branch=main,subdir=proto"
  echo "no breaking changes"
fi

echo "== generated code is fresh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bash "$proto_dir/generate.sh" "$tmp/gen" >/dev/null
if ! diff -r "$tmp/gen" "$root/libs/contracts/src/gen"; then
  echo "check.sh: libs/contracts/src/gen is out of date with proto/; run npm run gen and commit the result" >&2
  exit 1
fi
echo "up to date"
