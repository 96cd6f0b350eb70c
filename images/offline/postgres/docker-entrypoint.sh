#!/usr/bin/env bash
# Entrypoint of the offline PostgreSQL stand-in. It keeps the official image's interface for what
# the bundles use: POSTGRES_USER, POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE, POSTGRES_DB,
# POSTGRES_INITDB_ARGS, PGDATA, /docker-entrypoint-initdb.d, started as root and dropping to the
# postgres user. Stricter than upstream: a password is always required (no trust mode), setting a
# variable and its _FILE twin is refused even when one is empty, and connections over TCP, the
# loopback included, need the password.
set -Eeuo pipefail

fail() {
  printf 'postgres entrypoint: %s\n' "$*" >&2
  exit 1
}

# Reads NAME or NAME_FILE into NAME: never both, and a _FILE path must be a readable file.
read_env_or_file() {
  local name=$1 default=${2-}
  local file_name="${name}_FILE"
  if [[ -n ${!name+set} && -n ${!file_name+set} ]]; then
    fail "both $name and $file_name are set: set only one of them"
  fi
  local value=$default
  if [[ -n ${!file_name+set} ]]; then
    local path=${!file_name}
    [[ -f $path && -r $path ]] || fail "$file_name=$path is not a readable file"
    value=$(<"$path")
  elif [[ -n ${!name+set} ]]; then
    value=${!name}
  fi
  export "$name=$value"
  unset "$file_name"
}

load_settings() {
  read_env_or_file POSTGRES_PASSWORD
  read_env_or_file POSTGRES_USER postgres
  read_env_or_file POSTGRES_DB "$POSTGRES_USER"
  read_env_or_file POSTGRES_INITDB_ARGS
  : "${PGDATA:=/var/lib/postgresql/data}"
  export PGDATA
  [[ -n $POSTGRES_USER ]] || fail 'POSTGRES_USER is empty'
  [[ -n $POSTGRES_DB ]] || fail 'POSTGRES_DB is empty'
}

# Root only: make the folders the server writes and give them to postgres.
prepare_folders_as_root() {
  install -d -m 0700 -o postgres -g postgres "$PGDATA"
  # A volume made by an older container or another tool may hold root-owned files.
  find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
  install -d -m 3777 -o postgres -g postgres /var/run/postgresql
}

initialise() {
  [[ -n $POSTGRES_PASSWORD ]] ||
    fail 'no password: set POSTGRES_PASSWORD_FILE (or POSTGRES_PASSWORD) to a non-empty value'
  [[ $POSTGRES_PASSWORD != *$'\n'* ]] || fail 'the password holds a line break'
  echo 'postgres entrypoint: no database in PGDATA, initialising'

  # A first start that fails half-way must not leave a data folder that looks initialised, or
  # the next start would skip the set-up and run without the database and password asked for.
  trap undo_initialise ERR

  # The password goes to initdb through a pipe, never a file or an argument.
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of flags, split on purpose.
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 \
    $POSTGRES_INITDB_ARGS
  printf '\n# Added by the entrypoint: password logins from any address.\n%s\n' \
    'host all all all scram-sha-256' >>"$PGDATA/pg_hba.conf"

  # A temporary server on the socket only, so nothing connects before the set-up is done.
  pg_ctl --pgdata="$PGDATA" --wait --silent \
    --options="-c listen_addresses='' -p 5432" start
  local psql=(psql --no-psqlrc --no-password --set=ON_ERROR_STOP=1 --username="$POSTGRES_USER")
  if [[ $POSTGRES_DB != postgres ]]; then
    "${psql[@]}" --dbname=postgres --set=db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  run_init_scripts "${psql[@]}" --dbname="$POSTGRES_DB"
  pg_ctl --pgdata="$PGDATA" --wait --silent --mode=fast stop

  trap - ERR
  echo 'postgres entrypoint: initialised, starting'
}

undo_initialise() {
  pg_ctl --pgdata="$PGDATA" --silent --mode=immediate stop >/dev/null 2>&1 || true
  find "$PGDATA" -mindepth 1 -delete
  echo 'postgres entrypoint: set-up failed, PGDATA emptied so the next start tries again' >&2
}

run_init_scripts() {
  local script
  for script in /docker-entrypoint-initdb.d/*; do
    case $script in
      *.sh) echo "postgres entrypoint: running $script" && bash "$script" ;;
      *.sql) echo "postgres entrypoint: running $script" && "$@" --file="$script" ;;
      *.sql.gz) echo "postgres entrypoint: running $script" && gunzip --stdout "$script" | "$@" ;;
      */\*) ;;
      *) echo "postgres entrypoint: ignoring $script" ;;
    esac
  done
}

# `docker run image -c key=value` passes server options.
if [[ ${1-} == -* ]]; then
  set -- postgres "$@"
fi

# Options that only print something need no data folder.
wants_no_server() {
  local arg
  for arg; do
    case $arg in -V | --version | -'?' | --help | --describe-config | -C) return 0 ;; esac
  done
  return 1
}

if [[ ${1-} == postgres ]] && ! wants_no_server "$@"; then
  load_settings
  if [[ $(id -u) == 0 ]]; then
    prepare_folders_as_root
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
  fi
  if [[ ! -s $PGDATA/PG_VERSION ]]; then
    initialise
  fi
  unset POSTGRES_PASSWORD
  exec "$@"
fi

exec "$@"
