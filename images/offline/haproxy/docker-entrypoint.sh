#!/bin/sh
# Like the upstream haproxy image: options alone run haproxy with them, and haproxy always runs in
# master-worker mode (-W) without forking into the background (-db), so the master is the
# container's main process and reloads the workers on SIGUSR2.
set -e
case "$1" in
  -*) set -- haproxy "$@" ;;
esac
if [ "$1" = haproxy ]; then
  shift
  set -- haproxy -W -db "$@"
fi
exec "$@"
