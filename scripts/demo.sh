#!/usr/bin/env bash
# The README's first command: set up a fresh Debian machine and start the demo stack.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=prepare.sh
. "$root/scripts/prepare.sh"

step "images (the app image; the offline kit when no registry can be reached)"
identity images ensure

step "secrets (generated once, never overwritten)"
identity secrets init --profile demo

step "the demo stack"
identity start --profile demo "$@"
