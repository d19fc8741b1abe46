#!/bin/sh
# Generates this installation's secrets, once, and hands each service only its own (POSIX sh: it runs in the
# launcher and in an Alpine container under compose).
#
#   generate-secrets.sh DIR
#
# DIR/.values/ keeps each generated value (created once, never printed); every run then writes
#   DIR/<service>/<property>   one file per Spring property, read by the service with
#                              spring.config.import=configtree:DIR/<service>/
# so each directory holds exactly what that service may know:
#   auth-service          its passport key, the key-encryption key, its database password, and the SHA-256 of
#                         forum-service's client secret (never the secret)
#   forum-service         its passport key, its database password, its client secret
#   notification-service  its passport key, its database password
#   gateway               one passport key per downstream audience (it mints passports for all of them)
#   postgres              the superuser's password and the three services' database passwords (read by the
#                         PostgreSQL image and the database init script)
# With TESSERA_REDIS_SESSIONS=1 (compose: scheme A's sessions in Redis) also
#   auth-service, gateway their own password for Redis (spring.data.redis.password)
#   redis                 users.acl: each Redis user's permissions and the SHA-256 of its password (never the
#                         password): auth-service writes and ends sessions, the gateway only reads them
# Values already in DIR/.values/ are kept, so a restart reuses them; delete DIR to start over.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$1
umask 077
mkdir -p "$dir/.values"

# 32 random bytes: standard base64 for keys, base64url without padding for passwords and client secrets.
key() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }
token() { head -c 32 /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_'; }

value() {
  name=$1 kind=$2
  if [ ! -s "$dir/.values/$name" ]; then
    "$kind" >"$dir/.values/$name.tmp"
    mv "$dir/.values/$name.tmp" "$dir/.values/$name"
  fi
  cat "$dir/.values/$name"
}

put() {
  service=$1 property=$2 content=$3
  mkdir -p "$dir/$service"
  printf '%s' "$content" >"$dir/$service/$property.tmp"
  mv "$dir/$service/$property.tmp" "$dir/$service/$property"
}

auth_key=$(value passport-auth-service key)
forum_key=$(value passport-forum-service key)
notify_key=$(value passport-notification-service key)
kek=$(value key-encryption-key key)
forum_client_secret=$(value client-secret-forum-service token)
auth_db=$(value db-password-auth token)
forum_db=$(value db-password-forum token)
notify_db=$(value db-password-notify token)
postgres_superuser=$(value db-password-superuser token)
forum_client_hash=$(printf '%s' "$forum_client_secret" | sha256sum | cut -d ' ' -f 1)

put auth-service tessera.passport.secrets "$auth_key"
put auth-service tessera.auth.keys.encryption-key "$kek"
put auth-service spring.datasource.password "$auth_db"
put auth-service tessera.auth.clients.forum-service.secret-sha256 "$forum_client_hash"
put auth-service tessera.auth.clients.forum-service.audiences notification-service
put auth-service tessera.auth.clients.forum-service.scopes notifications:write

put forum-service tessera.passport.secrets "$forum_key"
put forum-service spring.datasource.password "$forum_db"
put forum-service tessera.forum.notifications.client-secret "$forum_client_secret"

put notification-service tessera.passport.secrets "$notify_key"
put notification-service spring.r2dbc.password "$notify_db"

put gateway tessera.gateway.passport.keys.auth-service "$auth_key"
put gateway tessera.gateway.passport.keys.forum-service "$forum_key"
put gateway tessera.gateway.passport.keys.notification-service "$notify_key"

put postgres auth-db-password "$auth_db"
put postgres forum-db-password "$forum_db"
put postgres notify-db-password "$notify_db"
put postgres superuser-password "$postgres_superuser"

if [ "${TESSERA_REDIS_SESSIONS:-}" = 1 ]; then
  auth_redis=$(value redis-password-auth token)
  gateway_redis=$(value redis-password-gateway token)
  put auth-service spring.data.redis.password "$auth_redis"
  put gateway spring.data.redis.password "$gateway_redis"
# Redis users (ACL): nobody may do anything without a password but PING (the health check); each service only the
# commands of its own part on the session keys (tessera.auth.sessions.redis.key-prefix, tessera:session:). The
# gateway's script reads a session and moves its idle expiry forward; it can neither create nor change one, so a
# gateway that is broken into cannot forge a session. INFO serves each service's Redis health check.
sha() { printf '%s' "$1" | sha256sum | cut -d ' ' -f 1; }
put redis users.acl "user default on nopass resetchannels -@all +ping
user auth-service on #$(sha "$auth_redis") resetkeys ~tessera:session:* resetchannels -@all +@connection +info +eval +evalsha +script|load +hset +hmget +expire +ttl +sadd +smembers +del
user gateway on #$(sha "$gateway_redis") resetkeys ~tessera:session:s:* resetchannels -@all +@connection +info +eval +evalsha +script|load +hmget +ttl +expire
"
fi

# Readable by the services' own user in their containers (each volume holds one service's files only).
chmod -R go-rwx "$dir"
