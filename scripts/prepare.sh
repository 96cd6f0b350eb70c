#!/usr/bin/env bash
# Brings a fresh Debian machine to the point where the identity CLI runs: Debian prerequisites,
# Docker Engine and Compose v2, the pinned Node 24, npm dependencies. Idempotent; source it.
# Arguments: extra Debian packages to make sure of (the test command adds chromium).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

step() { printf '\n==> %s\n' "$*" >&2; }

need_packages=(ca-certificates debootstrap iproute2 git "$@")
missing=()
for package in "${need_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "prepare: run as root (or install ${missing[*]} yourself)" >&2
    exit 3
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

step "Docker Engine and Compose"
bash "$root/scripts/install-docker.sh"

step "Node.js $(cat "$root/.node-version")"
# shellcheck source=node.sh
. "$root/scripts/node.sh"
node --version >&2

# npm ci only when a lockfile changed since the last install: a second run stays fast. The
# services package has its own lockfile (it is what goes into the image).
for dir in "$root" "$root/services"; do
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.identity-lock-hash"
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    step "npm dependencies of $([ "$dir" = "$root" ] && echo 'the CLI' || echo 'the services')"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
    printf '%s' "$want" >"$stamp"
  fi
done
export PATH="$root/bin:$PATH"
