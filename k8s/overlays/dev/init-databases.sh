#!/usr/bin/env bash
# Runs once, when the PostgreSQL volume is first created: one database and one least-privilege role per
# service (service-database.sql, the same script the launcher runs). The passwords come from the files
# docker/secrets/generate-secrets.sh wrote for this installation.
set -euo pipefail

secrets="${TESSERA_SECRETS:-/run/tessera}"
script="${TESSERA_SERVICE_DATABASE_SQL:-/tessera/service-database.sql}"

create() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -q \
       -v role="$1" -v password="$(cat "$secrets/$2")" -v database="$1" -f "$script"
}

create tessera_auth auth-db-password
create tessera_forum forum-db-password
create tessera_notify notify-db-password
