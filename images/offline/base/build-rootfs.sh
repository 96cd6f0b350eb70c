#!/usr/bin/env bash
# Builds the root file system every offline stand-in starts from: a Debian minbase made by
# debootstrap, slimmed the way Debian's own container images are (no docs, man pages or locales,
# no apt lists or caches) and written as a tarball for `docker import`.
#
#   build-rootfs.sh <suite> <mirror-uri> <security-uri or -> <out.tar>
#
# The mirror URIs come from the host's apt sources (the caller reads them); nothing here names a
# host. Needs root: debootstrap creates device nodes and chowns files.
set -Eeuo pipefail

suite=$1 mirror=$2 security=$3 out=$4

if [ "$(id -u)" -ne 0 ]; then
  echo "build-rootfs: debootstrap needs root (run as root or through sudo)" >&2
  exit 1
fi
command -v debootstrap >/dev/null || {
  echo "build-rootfs: debootstrap is not installed (apt-get install debootstrap)" >&2
  exit 1
}

work=$(mktemp -d --tmpdir="$(dirname "$out")")
# The tree holds device nodes and root-owned files: always remove it, even after a failure.
trap 'rm -rf "$work"' EXIT
root="$work/root"

debootstrap --variant=minbase --components=main --arch="$(dpkg --print-architecture)" \
  --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
  "$suite" "$root" "$mirror" >&2

# apt sources in the deb822 form of current Debian images, with updates and security when the
# host knows a security mirror.
rm -f "$root/etc/apt/sources.list"
{
  printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\n' \
    "$mirror" "$suite" "$suite"
  printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n'
  if [ "$security" != "-" ]; then
    printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\n' "$security" "$suite"
    printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n'
  fi
} >"$root/etc/apt/sources.list.d/debian.sources"

# Later installs (in the Dockerfiles) stay small: no recommends, no translations, and dpkg skips
# documentation, man pages and locales except the copyright files.
cat >"$root/etc/apt/apt.conf.d/90identity-offline" <<'CONF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
Dpkg::Use-Pty "0";
CONF
cat >"$root/etc/dpkg/dpkg.cfg.d/90identity-offline" <<'CONF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
CONF

# Packages must not try to start services inside an image build.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"

# Apply the same exclusions to what debootstrap already unpacked.
find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$root"/usr/share/{man,info,groff,lintian,locale}/*

# Nothing of the build host stays behind: Docker provides resolv.conf, hosts and hostname, and
# each container gets its own machine id.
rm -f "$root"/etc/{resolv.conf,hostname} "$root"/etc/ssh/ssh_host_*
: >"$root/etc/hosts"
: >"$root/etc/machine-id"
find "$root/var/lib/apt/lists" "$root/var/cache/apt" -type f -delete
rm -f "$root"/var/cache/debconf/*-old
rm -rf "$root"/var/log/{apt,bootstrap.log,dpkg.log,alternatives.log}
rm -rf "$root"/tmp/* "$root"/root/.bash_history
for log in "$root"/var/log/{btmp,wtmp,lastlog}; do
  if [ -e "$log" ]; then : >"$log"; fi
done

tar --numeric-owner --xattrs --sort=name -C "$root" -cf "$out.partial" .
mv "$out.partial" "$out"
