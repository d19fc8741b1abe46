#!/usr/bin/env bash
# Builds local stand-ins for the official images docker-compose.yml uses, for machines that run containers but
# reach no image registry (Debian packages, and npm for the mail catcher):
#
#   build-standin-images.sh [build|jre|postgres|mail|redis]...     (no argument: all five)
#
#   build     tessera-standin/maven:17     for maven:3.9-eclipse-temurin-17 (JDK 17 + Maven; TESSERA_JAR_SOURCE=build)
#   jre       tessera-standin/jre:17       for eclipse-temurin:17-jre       (JRE 17, bash, groupadd/useradd)
#   postgres  tessera-standin/postgres:15  for postgres:17-alpine           (entrypoint contract: postgres-entrypoint.sh)
#   mail      tessera-standin/maildev:2    for maildev/maildev:2.2.1        (the same MailDev from npm, on Debian trixie's Node.js 20)
#   redis     tessera-standin/redis:7      for redis:7-alpine               (Debian's redis-server 7.0, run as user redis in /data)
#
# Each is a minimal Debian root made by mmdebstrap and loaded with `docker import`. Each trusts the
# certificate authorities this machine trusts (TESSERA_STANDIN_CA_BUNDLE, default the host's bundle): where
# TLS is intercepted by a local authority, Maven inside the build image still reaches Maven Central. An image
# that already exists is kept (TESSERA_STANDIN_REBUILD=1 rebuilds). Then, for example:
#
#   TESSERA_BUILD_IMAGE=tessera-standin/maven:17 TESSERA_RUNTIME_IMAGE=tessera-standin/jre:17 \
#   TESSERA_POSTGRES_IMAGE=tessera-standin/postgres:15 TESSERA_MAIL_IMAGE=tessera-standin/maildev:2 \
#   TESSERA_REDIS_IMAGE=tessera-standin/redis:7 \
#   docker compose up --build
#
# Needs root (mmdebstrap's root mode), mmdebstrap, a Debian mirror and a Docker engine. DOCKER names the
# docker client (default: /usr/bin/docker when present).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
docker="${DOCKER:-$( [[ -x /usr/bin/docker ]] && echo /usr/bin/docker || echo docker )}"
suite="${TESSERA_STANDIN_SUITE:-bookworm}"
mirror="${TESSERA_STANDIN_MIRROR:-http://deb.debian.org/debian}"
security_mirror="${TESSERA_STANDIN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
ca_bundle="${TESSERA_STANDIN_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
build_tag="${TESSERA_STANDIN_BUILD_TAG:-tessera-standin/maven:17}"
jre_tag="${TESSERA_STANDIN_JRE_TAG:-tessera-standin/jre:17}"
postgres_tag="${TESSERA_STANDIN_POSTGRES_TAG:-tessera-standin/postgres:15}"
mail_tag="${TESSERA_STANDIN_MAIL_TAG:-tessera-standin/maildev:2}"
redis_tag="${TESSERA_STANDIN_REDIS_TAG:-tessera-standin/redis:7}"
# The official image's MailDev release. Its dependencies (smtp-server, nodemailer) now ask for Node.js 20, which
# Debian packages from trixie on (bookworm has 18): the mail image alone is made from $mail_suite.
maildev_version="${TESSERA_STANDIN_MAILDEV_VERSION:-2.2.1}"
mail_suite="${TESSERA_STANDIN_MAIL_SUITE:-trixie}"
# PostgreSQL's major version in $suite (bookworm: 15): the server's binaries live under its directory.
postgres_major="${TESSERA_STANDIN_POSTGRES_MAJOR:-15}"

log() { printf '[standin] %s\n' "$*" >&2; }

[[ -r "$ca_bundle" ]] || { log "no CA bundle at $ca_bundle"; exit 1; }
command -v mmdebstrap >/dev/null || { log "mmdebstrap is not installed (apt-get install mmdebstrap)"; exit 1; }
"$docker" info >/dev/null 2>&1 || { log "no Docker engine answers to $docker"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The host's bundle, one certificate per file: update-ca-certificates (and Java's keystore hook, which
# imports one certificate per file) then trust each of them inside the image.
mkdir -p "$work/ca"
awk -v dir="$work/ca" '
  /-----BEGIN CERTIFICATE-----/ { n++; file = sprintf("%s/host-%04d.crt", dir, n) }
  file { print > file }
  /-----END CERTIFICATE-----/ { close(file); file = "" }
' "$ca_bundle"
[[ -n "$(ls -A "$work/ca")" ]] || { log "no certificate in $ca_bundle"; exit 1; }

# mmdebstrap SUITE - [options...] | docker import [changes...] - TAG
make_image() {
  local tag=$1 include=$2
  shift 2
  local changes=() options=()
  while (($#)); do
    case $1 in
      --change) changes+=(--change "$2"); shift 2 ;;
      *) options+=("$1"); shift ;;
    esac
  done
  if [[ "${TESSERA_STANDIN_REBUILD:-}" != 1 ]] && "$docker" image inspect "$tag" >/dev/null 2>&1; then
    log "$tag exists, kept"
    return 0
  fi
  local started=$SECONDS
  local suite=${image_suite:-$suite}
  log "building $tag ($suite: $include)"
  # No dpkg path filters (man pages, docs): mmdebstrap then pipes every package through a filter process, which
  # made a cold build several times slower here. openjdk's postinst links its man pages into
  # /usr/share/man/man1, which a minimal root may lack.
  mmdebstrap --mode=root --variant=apt --format=tar --include="$include" \
    --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    --customize-hook='mkdir -p "$1/usr/local/share/ca-certificates/host"' \
    --customize-hook="sync-in $work/ca /usr/local/share/ca-certificates/host" \
    --customize-hook='chroot "$1" update-ca-certificates >/dev/null' \
    "${options[@]}" \
    "$suite" - \
    "deb $mirror $suite main" "deb $mirror $suite-updates main" "deb $security_mirror $suite-security main" \
    </dev/null \
    | "$docker" import \
      --change 'ENV LANG=C.UTF-8' \
      "${changes[@]}" \
      - "$tag-incomplete" >/dev/null \
    || {
      # docker import accepts a tar cut short: the image gets its real name only when mmdebstrap succeeded.
      "$docker" rmi "$tag-incomplete" >/dev/null 2>&1 || true
      log "building $tag failed"
      return 1
    }
  "$docker" tag "$tag-incomplete" "$tag"
  "$docker" rmi "$tag-incomplete" >/dev/null
  log "built $tag in $((SECONDS - started)) s"
}

build_image() {
  make_image "$build_tag" openjdk-17-jdk-headless,maven,ca-certificates \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]'
}

jre_image() {
  make_image "$jre_tag" openjdk-17-jre-headless,ca-certificates,passwd \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]'
}

# The postgres user is uid/gid 70 as in the official Alpine image (compose's secrets step chowns the password
# files to 70): created before the package, whose postinst then keeps the existing user. The cluster the
# package's postinst creates is dropped: the entrypoint runs initdb on an empty PGDATA at first start.
# (`docker import` cannot set STOPSIGNAL: the official image's SIGINT, a fast shutdown, is left to the caller.)
postgres_image() {
  make_image "$postgres_tag" "postgresql-$postgres_major,ca-certificates" \
    --essential-hook='echo "postgres:x:70:70:PostgreSQL administrator:/var/lib/postgresql:/bin/bash" >>"$1/etc/passwd"' \
    --essential-hook='echo "postgres:x:70:" >>"$1/etc/group"' \
    --customize-hook="rm -rf \"\$1/var/lib/postgresql/$postgres_major\" \"\$1/etc/postgresql/$postgres_major\"" \
    --customize-hook="upload $here/postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh" \
    --customize-hook='chmod 755 "$1/usr/local/bin/docker-entrypoint.sh"' \
    --change "ENV PATH=/usr/lib/postgresql/$postgres_major/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change 'ENV PGDATA=/var/lib/postgresql/data' \
    --change 'VOLUME /var/lib/postgresql/data' \
    --change 'EXPOSE 5432' \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    --change 'CMD ["postgres"]'
}

# MailDev as the official image runs it (SMTP 1025, web page 1080, an unprivileged user). The package and its
# dependencies (pure JavaScript) are fetched by this machine's npm into a directory copied into the root: Debian's
# own npm package would pull some 400 packages into the image and take minutes to install.
mail_image() {
  if [[ "${TESSERA_STANDIN_REBUILD:-}" != 1 ]] && "$docker" image inspect "$mail_tag" >/dev/null 2>&1; then
    log "$mail_tag exists, kept"
    return 0
  fi
  command -v npm >/dev/null || { log "npm is not installed: the mail catcher comes from the npm registry"; return 1; }
  mkdir -p "$work/maildev"
  npm install --prefix "$work/maildev" --omit=dev --no-audit --no-fund --no-save --loglevel=error \
    "maildev@$maildev_version" >&2
  image_suite=$mail_suite make_image "$mail_tag" nodejs,ca-certificates,passwd \
    --customize-hook='mkdir -p "$1/opt/maildev/node_modules"' \
    --customize-hook="sync-in $work/maildev/node_modules /opt/maildev/node_modules" \
    --customize-hook='chroot "$1" useradd --system --user-group --no-create-home maildev' \
    --change 'ENV MAILDEV_SMTP_PORT=1025' \
    --change 'ENV MAILDEV_WEB_PORT=1080' \
    --change 'USER maildev' \
    --change 'EXPOSE 1025 1080' \
    --change 'ENTRYPOINT ["node", "/opt/maildev/node_modules/maildev/bin/maildev"]'
}

# Redis as compose runs it: `redis-server` with its arguments from the service's command, in /data (a volume), as an
# unprivileged user redis, which owns /data (a new named volume takes the directory's owner). uid 999, gid 1000 as in
# the official Alpine image, whose entrypoint drops to that user (compose's secrets step chowns the ACL file to it):
# created before the package, whose postinst then keeps the existing user.
redis_image() {
  make_image "$redis_tag" redis-server,ca-certificates \
    --essential-hook='echo "redis:x:999:1000:Redis:/data:/usr/sbin/nologin" >>"$1/etc/passwd"' \
    --essential-hook='echo "redis:x:1000:" >>"$1/etc/group"' \
    --customize-hook='mkdir -p "$1/data" && chroot "$1" chown redis:redis /data' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'WORKDIR /data' \
    --change 'VOLUME /data' \
    --change 'USER redis' \
    --change 'EXPOSE 6379' \
    --change 'CMD ["redis-server"]'
}

(($#)) || set -- build jre postgres mail redis
for image in "$@"; do
  case $image in
    build) build_image ;;
    jre) jre_image ;;
    postgres) postgres_image ;;
    mail) mail_image ;;
    redis) redis_image ;;
    *) log "unknown image '$image' (build, jre, postgres, mail or redis)"; exit 2 ;;
  esac
done
