#!/bin/bash
# Restores one dump written by backup-database.sh into an EMPTY database (docs/runbooks/restore.md).
#   DB_HOST, DB_NAME, BACKUP_DIR   required (the same as the backup's)
#   DUMP          a file name in BACKUP_DIR, or `latest` (default)
#   RESTORE_INTO  the database to load into (default DB_NAME); e.g. payments_restored to inspect first
#   DB_PORT (3306), DB_USER (root), DB_PASSWORD (none)
# Refuses a target that has tables: dropping the live database is the operator's explicit step.
set -euo pipefail
: "${DB_HOST:?DB_HOST is required}" "${DB_NAME:?DB_NAME is required}" "${BACKUP_DIR:?BACKUP_DIR is required}"
DB_PORT="${DB_PORT:-3306}"
DB_USER="${DB_USER:-root}"
target="${RESTORE_INTO:-$DB_NAME}"
[[ "$target" =~ ^[A-Za-z0-9_]+$ ]] || { echo "database name '$target' is not [A-Za-z0-9_]+" >&2; exit 2; }
if [[ -n "${DB_PASSWORD:-}" ]]; then export MYSQL_PWD="$DB_PASSWORD"; fi

dump="${DUMP:-latest}"
if [[ "$dump" == latest ]]; then
  dump="$(find "$BACKUP_DIR" -maxdepth 1 -name "${DB_NAME}-[0-9]*Z.sql.gz" -printf '%f\n' | sort | tail -n 1)"
  [[ -n "$dump" ]] || { echo "no dump of $DB_NAME in $BACKUP_DIR" >&2; exit 1; }
fi
dump="$(basename "$dump")"
# The checksum catches a dump damaged on the volume since it was written.
(cd "$BACKUP_DIR" && sha256sum --check --quiet "$dump.sha256")

sql=(mariadb --host="$DB_HOST" --port="$DB_PORT" --user="$DB_USER" --default-character-set=utf8mb4)
tables="$("${sql[@]}" --batch --skip-column-names -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$target'")"
if [[ "$tables" != 0 ]]; then
  echo "refusing to restore into $target: it has $tables tables (drop it first, see docs/runbooks/restore.md)" >&2
  exit 1
fi
"${sql[@]}" -e "CREATE DATABASE IF NOT EXISTS \`$target\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
gzip -dc "$BACKUP_DIR/$dump" | "${sql[@]}" "$target"
echo "{\"event\":\"restore_completed\",\"database\":\"$target\",\"file\":\"$dump\"}"
