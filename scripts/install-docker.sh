#!/usr/bin/env bash
# Installs Docker Engine (>= 25, for healthcheck start_interval) and the Compose v2 plugin from
# Debian's packages and starts the daemon. Idempotent: a second run only checks.
# Bookworm ships Engine 20.10, so on bookworm the next release's suite is added to apt's sources,
# on the same mirror the machine already uses, pinned low so nothing else is upgraded from it.
set -euo pipefail

log() { printf 'install-docker: %s\n' "$*" >&2; }

engine_major() {
  docker version --format '{{.Server.Version}}' 2>/dev/null | cut -d. -f1
}

compose_ok() {
  docker compose version >/dev/null 2>&1
}

daemon_up() {
  docker info >/dev/null 2>&1
}

start_daemon() {
  if daemon_up; then
    return 0
  fi
  if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1; then
    systemctl start docker || true
  fi
  if ! daemon_up; then
    log "starting dockerd (log: /var/log/dockerd.log)"
    if ! pgrep -x containerd >/dev/null; then
      nohup containerd >/var/log/containerd.log 2>&1 &
      sleep 1
    fi
    nohup dockerd --containerd=/run/containerd/containerd.sock >/var/log/dockerd.log 2>&1 &
  fi
  for _ in $(seq 1 60); do
    daemon_up && return 0
    sleep 1
  done
  log "dockerd did not come up; last lines of /var/log/dockerd.log:"
  tail -n 20 /var/log/dockerd.log >&2 || true
  return 1
}

mirror_uri() {
  # The machine's own Debian mirror, read from apt's sources (deb822 or one-line form).
  local uri
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '{print $2}' | grep -v -- '-security' | head -n 1 || true)
  if [ -z "$uri" ]; then
    uri=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null |
      awk '{print $2}' | grep -v -- '-security' | head -n 1 || true)
  fi
  printf '%s' "$uri"
}

install_packages() {
  local codename
  codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
  export DEBIAN_FRONTEND=noninteractive
  if [ "$codename" = "bookworm" ]; then
    local uri
    uri=$(mirror_uri)
    if [ -z "$uri" ]; then
      log "cannot find the Debian mirror in /etc/apt/sources.list*; add a trixie source by hand"
      exit 3
    fi
    if [ ! -f /etc/apt/sources.list.d/identity-trixie.sources ]; then
      log "adding the trixie suite from $uri to apt's sources (pinned below bookworm)"
      cat >/etc/apt/sources.list.d/identity-trixie.sources <<SRC
Types: deb
URIs: $uri
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
      cat >/etc/apt/preferences.d/identity-trixie <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
    fi
    apt-get update -qq
    apt-get install -y -qq -o Dpkg::Options::=--force-confold \
      docker.io/trixie docker-compose/trixie >&2
  else
    apt-get update -qq
    apt-get install -y -qq docker.io docker-compose >&2
  fi
}

# A docker client may already be on PATH (a newer static one in /usr/local/bin, say) without an
# engine; what matters is a reachable engine of the right age and the compose plugin.
if ! command -v dockerd >/dev/null 2>&1 || ! compose_ok; then
  install_packages
fi
start_daemon
major=$(engine_major)
if [ -z "$major" ] || [ "$major" -lt 25 ]; then
  log "Docker Engine ${major:-?} is too old: 25 or newer is needed"
  exit 3
fi
log "Docker Engine $(docker version --format '{{.Server.Version}}'), $(docker compose version --short)"
