#!/bin/sh
# Initialises the cluster in $PGDATA on the first start, then runs PostgreSQL in the foreground
# (exec: it is PID 1 and gets the stop signal itself).
#
# First start only, from the environment (each also as NAME_FILE, a file holding the value, for
# Docker and Kubernetes secrets):
#   POSTGRES_PASSWORD  required: the password of POSTGRES_USER
#   POSTGRES_USER      the application's role (default feedback): owns POSTGRES_DB, not a superuser
#   POSTGRES_DB        the database (default feedback)
# The superuser is "postgres", without a password: only the OS user postgres reaches it, through
# the socket (peer). Every network client logs in with scram-sha-256. Later starts ignore these
# variables: change a password with ALTER ROLE.
set -eu

# NAME from NAME, or from the file NAME_FILE names; not both.
from_env_or_file() {
  name=$1
  eval "value=\${$name:-}" "file=\${${name}_FILE:-}"
  if [ -n "$value" ] && [ -n "$file" ]; then
    echo "postgres-entrypoint: set $name or ${name}_FILE, not both" >&2
    exit 1
  fi
  if [ -n "$file" ]; then
    value=$(cat "$file")
  fi
  eval "$name=\$value"
  unset "${name}_FILE"
}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  from_env_or_file POSTGRES_PASSWORD
  from_env_or_file POSTGRES_USER
  from_env_or_file POSTGRES_DB
  if [ -z "$POSTGRES_PASSWORD" ]; then
    echo "postgres-entrypoint: $PGDATA holds no cluster, and POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE) is not set" >&2
    exit 1
  fi
  if [ "$POSTGRES_USER" = postgres ]; then
    echo "postgres-entrypoint: POSTGRES_USER is the application's role; \"postgres\" is the superuser" >&2
    exit 1
  fi
  echo "postgres-entrypoint: initialising $PGDATA: database $POSTGRES_DB owned by $POSTGRES_USER"
  mkdir -p "$PGDATA"
  chmod 0700 "$PGDATA"
  initdb --pgdata="$PGDATA" --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >/dev/null

  cat >"$PGDATA/pg_hba.conf" <<'HBA'
# TYPE  DATABASE  USER      ADDRESS    METHOD
local   all       postgres             peer
local   all       all                  scram-sha-256
host    all       postgres  0.0.0.0/0  reject
host    all       postgres  ::/0       reject
host    all       all       0.0.0.0/0  scram-sha-256
host    all       all       ::/0       scram-sha-256
HBA
  cat >>"$PGDATA/postgresql.conf" <<'CONF'

# digit-recognizer (deploy/postgres/entrypoint.sh)
listen_addresses = '*'
port = 5432
unix_socket_directories = '/run/postgresql'
password_encryption = 'scram-sha-256'
log_destination = 'stderr'
logging_collector = off
jit = off
CONF

  # A server on the socket only, to create the role and the database; stopped before the real one.
  pg_ctl --pgdata="$PGDATA" --silent --wait --options="-c listen_addresses=''" start
  psql --quiet --no-psqlrc --set=ON_ERROR_STOP=1 --username=postgres --dbname=postgres \
    --set=user="$POSTGRES_USER" --set=password="$POSTGRES_PASSWORD" --set=db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL
  pg_ctl --pgdata="$PGDATA" --silent --wait --mode=fast stop
  echo "postgres-entrypoint: initialised"
fi
unset POSTGRES_PASSWORD

exec postgres -D "$PGDATA" "$@"
