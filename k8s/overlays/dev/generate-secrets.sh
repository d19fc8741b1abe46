#!/bin/sh
# Generates this installation's secrets for the dev overlay into secrets/ (gitignored, never committed), with
# the same generator as compose and the launcher (docker/secrets/generate-secrets.sh): one directory per
# service, one file per Spring property, each service's directory holding only what it may know. Values
# already there are kept; delete secrets/ to start over. Then: kubectl apply -k k8s/overlays/dev
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec sh "$here/../../../docker/secrets/generate-secrets.sh" "$here/secrets"
