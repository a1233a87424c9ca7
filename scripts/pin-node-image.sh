#!/bin/sh
# Pins the Node base image of every Dockerfile to a digest, or checks that it is pinned.
#   scripts/pin-node-image.sh                      resolve the digest of the tag in the Dockerfiles
#                                                  (docker buildx imagetools inspect; needs the registry)
#   scripts/pin-node-image.sh --digest sha256:<64 hex>  write a digest obtained elsewhere
#                                                  (crane digest node:22-bookworm-slim, the registry's page)
#   scripts/pin-node-image.sh --check              exit 1 unless every Dockerfile names the same
#                                                  <tag>@sha256:<64 hex>: the release build runs this first
# The tag stays next to the digest for people; the digest is what Docker pulls. AGORA_ROOT
# (default: the repository) lets a test run it on a copy.
set -eu
root=${AGORA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
dockerfiles="aggregator/Dockerfile services/auth/Dockerfile services/inventory/Dockerfile services/orders/Dockerfile services/payments/Dockerfile"

current() { sed -n 's/^ARG NODE_IMAGE=//p' "$root/$1"; }

images=$(for f in $dockerfiles; do current "$f"; done | sort -u)
if [ "$(printf '%s\n' "$images" | wc -l)" -ne 1 ]; then
  echo "the Dockerfiles disagree on NODE_IMAGE:" >&2; printf '%s\n' "$images" >&2; exit 1
fi
tag=${images%%@*}

case "${1:-}" in
  --check)
    if ! printf '%s\n' "$images" | grep -Eq '^[a-z0-9./-]+:[A-Za-z0-9._-]+@sha256:[0-9a-f]{64}$'; then
      echo "NODE_IMAGE is not pinned by digest ($images): run scripts/pin-node-image.sh" >&2; exit 1
    fi
    echo "pinned: $images"; exit 0 ;;
  --digest) digest=${2:-} ;;
  "") digest=$(docker buildx imagetools inspect "$tag" --format '{{json .Manifest.Digest}}' | tr -d '"') ;;
  *) echo "usage: $0 [--check | --digest sha256:<64 hex>]" >&2; exit 2 ;;
esac

if ! printf '%s\n' "$digest" | grep -Eq '^sha256:[0-9a-f]{64}$'; then
  echo "not a digest: '$digest'" >&2; exit 1
fi
for f in $dockerfiles; do
  sed -i "s|^ARG NODE_IMAGE=.*|ARG NODE_IMAGE=$tag@$digest|" "$root/$f"
done
echo "NODE_IMAGE=$tag@$digest in $(echo $dockerfiles | wc -w) Dockerfiles; commit them"
