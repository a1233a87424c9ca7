#!/usr/bin/env bash
# Creates the Secrets the manifests reference, with fresh random passwords and a new RS256
# signing key. Nothing secret is committed; run once per cluster, before applying an overlay:
#   manifests/create-secrets.sh [namespace]          (AGORA_ADMIN_EMAIL / AGORA_ADMIN_PASSWORD
#                                                     in the environment seed the first admin)
# Re-running fails on Secrets that exist; delete one to rotate it.
set -euo pipefail
namespace="${1:-agora}"
kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace"

random_password() { openssl rand -hex 24; }

# <service>-db: the MariaDB accounts, and the DATABASE_URL the service reads.
for service in aggregator auth inventory orders payments; do
  password="$(random_password)"
  kubectl -n "$namespace" create secret generic "${service}-db" \
    --from-literal=MARIADB_PASSWORD="$password" \
    --from-literal=MARIADB_ROOT_PASSWORD="$(random_password)" \
    --from-literal=DATABASE_URL="mysql://${service}:${password}@${service}-db.${namespace}.svc.cluster.local:3306/${service}"
done

# auth-jwt: the key every auth replica signs access tokens with (the aggregator fetches the public half).
key_file="$(mktemp)"
trap 'rm -f "$key_file"' EXIT
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key_file" 2>/dev/null
kubectl -n "$namespace" create secret generic auth-jwt --from-file=JWT_PRIVATE_KEY="$key_file"

# auth-admin (optional): the first admin account, created by auth at start when both are set.
if [[ -n "${AGORA_ADMIN_EMAIL:-}" && -n "${AGORA_ADMIN_PASSWORD:-}" ]]; then
  kubectl -n "$namespace" create secret generic auth-admin \
    --from-literal=AGORA_ADMIN_EMAIL="$AGORA_ADMIN_EMAIL" \
    --from-literal=AGORA_ADMIN_PASSWORD="$AGORA_ADMIN_PASSWORD"
fi
