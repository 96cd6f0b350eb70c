#!/bin/sh
# Like the upstream node image: `docker run image app.js` or `image --version` runs node with those
# arguments, anything that is a command on PATH runs as given.
set -e
case "$1" in
  -*) set -- node "$@" ;;
  *)
    if ! command -v "$1" >/dev/null 2>&1 || { [ -f "$1" ] && [ ! -x "$1" ]; }; then
      set -- node "$@"
    fi
    ;;
esac
exec "$@"
