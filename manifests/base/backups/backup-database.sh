#!/bin/bash
# One logical backup of one MariaDB database, as the <process>-db-backup CronJob runs it (from the
# db-backup-scripts ConfigMap, this file verbatim) and as test/ops/restore.test.ts runs it here.
#   DB_HOST, DB_NAME, BACKUP_DIR   required
#   DB_PORT (3306), DB_USER (root), DB_PASSWORD (none), BACKUP_KEEP (14 dumps)
# Writes BACKUP_DIR/<DB_NAME>-<UTC stamp>.sql.gz and its .sha256, then keeps the newest BACKUP_KEEP.
# Restore: restore-database.sh and docs/runbooks/restore.md.
set -euo pipefail
: "${DB_HOST:?DB_HOST is required}" "${DB_NAME:?DB_NAME is required}" "${BACKUP_DIR:?BACKUP_DIR is required}"
DB_PORT="${DB_PORT:-3306}"
DB_USER="${DB_USER:-root}"
KEEP="${BACKUP_KEEP:-14}"
[[ "$KEEP" =~ ^[1-9][0-9]*$ ]] || { echo "BACKUP_KEEP must be a positive integer" >&2; exit 2; }
# MYSQL_PWD keeps the password off the command line (and out of `ps`).
if [[ -n "${DB_PASSWORD:-}" ]]; then export MYSQL_PWD="$DB_PASSWORD"; fi

name="${DB_NAME}-$(date -u +%Y%m%dT%H%M%SZ).sql.gz"
partial="${BACKUP_DIR}/.${name}.partial"
trap 'rm -f "$partial"' EXIT

# --single-transaction: one consistent InnoDB snapshot without locking the writers out (every Agora
# table is InnoDB), so a ledger transaction is in the dump whole or not at all.
# --no-tablespaces: needs no PROCESS privilege, so the process's own user can take the dump.
mariadb-dump --host="$DB_HOST" --port="$DB_PORT" --user="$DB_USER" \
  --single-transaction --quick --skip-lock-tables --no-tablespaces --hex-blob --triggers \
  --default-character-set=utf8mb4 \
  "$DB_NAME" | gzip -6 > "$partial"

# A dump cut short (connection lost, disk full) lacks mariadb-dump's closing line.
if ! gzip -dc "$partial" | tail -n 1 | grep -q '^-- Dump completed'; then
  echo "{\"event\":\"backup_failed\",\"database\":\"$DB_NAME\",\"reason\":\"incomplete dump\"}" >&2
  exit 1
fi
mv "$partial" "$BACKUP_DIR/$name"
(cd "$BACKUP_DIR" && sha256sum "$name" > "$name.sha256")

# Retention: the names sort by time, so everything but the newest KEEP goes.
find "$BACKUP_DIR" -maxdepth 1 -name "${DB_NAME}-[0-9]*Z.sql.gz" -printf '%f\n' | sort -r | tail -n +"$((KEEP + 1))" |
  while read -r old; do rm -f "$BACKUP_DIR/$old" "$BACKUP_DIR/$old.sha256"; done

echo "{\"event\":\"backup_completed\",\"database\":\"$DB_NAME\",\"file\":\"$name\",\"bytes\":$(stat -c %s "$BACKUP_DIR/$name")}"
