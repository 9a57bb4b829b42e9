#!/usr/bin/env bash
# Back up Buurtportaal's PostgreSQL database to one file, then delete the backups past their retention.
#
#   deploy/backup.sh [DIR]
#
#   DATABASE_URL      the database, as the application reads it (postgresql+psycopg://user@host:5432/name);
#                     a password comes from PGPASSWORD or ~/.pgpass, as for any PostgreSQL client
#   DIR, BACKUP_DIR   where the backups go (default /var/backups/buurtportaal; made with mode 0700)
#   BACKUP_KEEP_DAYS  backups older than this many days are deleted after a successful backup (default 14;
#                     0 keeps every backup)
#
# One file per run, buurtportaal-<UTC time>.dump, in pg_dump's custom format (compressed; deploy/restore.sh
# restores it), readable by its owner only. It is written under a temporary name and renamed only after its
# table of contents reads back, so a file with the .dump name is complete. Prints its path. On any failure the
# exit status is non-zero and no old backup is deleted.
set -euo pipefail
umask 077

die() {
  echo "backup: $*" >&2
  exit 1
}

[ -n "${DATABASE_URL:-}" ] || die "set DATABASE_URL (the application's, e.g. from /etc/buurtportaal/buurtportaal.env)"
case $DATABASE_URL in
  postgres://* | postgresql://* | postgresql+*://*) ;;
  *) die "DATABASE_URL is not PostgreSQL; an SQLite database is backed up by copying its file while the app is stopped" ;;
esac
dir=${1:-${BACKUP_DIR:-/var/backups/buurtportaal}}
keep=${BACKUP_KEEP_DAYS:-14}
[[ $keep =~ ^[0-9]+$ ]] || die "BACKUP_KEEP_DAYS must be a whole number of days; it is '$keep'"
# PostgreSQL's tools read postgresql://, not SQLAlchemy's postgresql+psycopg://.
url=$(printf '%s' "$DATABASE_URL" | sed -E 's#^postgres(ql)?(\+[A-Za-z0-9_]+)?://#postgresql://#')

mkdir -p "$dir"  # umask 077: made with mode 0700
file="$dir/buurtportaal-$(date -u +%Y%m%dT%H%M%SZ).dump"
[ ! -e "$file" ] || die "$file exists already"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --no-password --file="$partial" --dbname="$url"
pg_restore --list "$partial" >/dev/null || die "the new backup does not read back; kept the old ones"
mv "$partial" "$file"
trap - EXIT

if [ "$keep" -gt 0 ]; then
  # -mtime +N: modified more than N+1 whole days ago; so with 14, a backup goes once it is 14 days old.
  find "$dir" -maxdepth 1 -type f -name 'buurtportaal-*.dump' -mtime "+$((keep - 1))" -delete
fi
echo "$file"
