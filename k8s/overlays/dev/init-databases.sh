#!/usr/bin/env bash
# A copy of docker/postgres/init-databases.sh (kustomize reads no file outside its folder).
# Runs once, when the PostgreSQL volume is first created: one database and one least-privilege
# role per service. Each role owns only its own database and cannot create roles or databases.
set -euo pipefail

create() {
  local role="$1" password="$2" database="$3"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v role="$role" -v password="$password" -v database="$database" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE :"database" OWNER :"role";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
\connect :"database"
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO :"role";
SQL
}

create tessera_auth "$AUTH_DB_PASSWORD" tessera_auth
create tessera_forum "$FORUM_DB_PASSWORD" tessera_forum
