#!/usr/bin/env bash
# The one-host deployment files, checked without a container engine:
# docker-compose.yaml is valid (docker-compose config -q) and the Dockerfile
# pins its base images and carries OCI labels.
#   check_deploy_files.sh [DOCKER_COMPOSE]
set -euo pipefail
here=$(dirname "$(realpath "$0")")
compose=${1:-docker-compose}
# The secrets the file demands, with throwaway values.
SUMMIT_TOKEN_KEY="k1:$(head -c 48 /dev/urandom | base64 | tr -d '\n')" POSTGRES_PASSWORD=check \
  "$compose" -f "$here/compose/docker-compose.yaml" config -q
# Without them it refuses, naming what is missing.
if env -u SUMMIT_TOKEN_KEY -u POSTGRES_PASSWORD "$compose" -f "$here/compose/docker-compose.yaml" \
     config -q 2>/dev/null; then
  echo "docker-compose.yaml starts without its secrets" >&2; exit 1
fi
dockerfile=$here/docker/Dockerfile
grep -Eq '^ARG DEBIAN(_SLIM)?=debian:[0-9]+\.[0-9]+' "$dockerfile" ||
  { echo "Dockerfile: base image not pinned to a point release" >&2; exit 1; }
if grep -Eq '^FROM [a-z]+(:latest)?( |$)' "$dockerfile"; then
  echo "Dockerfile: an unpinned FROM" >&2; exit 1
fi
for label in title version source licenses base.name; do
  grep -q "org.opencontainers.image.$label=" "$dockerfile" ||
    { echo "Dockerfile: no OCI label $label" >&2; exit 1; }
done
echo "docker-compose.yaml and the Dockerfile check out"
