#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into a new database; the database in use is never touched.
#
#   deploy/restore.sh BACKUP_FILE NEW_DATABASE [OWNER]
#
#   DATABASE_URL  the application's database URL: its server and user are used (the user needs CREATEDB, or use
#                 an administrator's URL and give OWNER); its database name is not
#   NEW_DATABASE  the database to create (lower-case letters, digits, _); refused when it exists
#   OWNER         the role that is to own the new database and everything in it (default: DATABASE_URL's user)
#
# Restores in one transaction: on any error nothing is left behind (the new database is dropped again). Then
# serve it as deploy/README.md says under "Restore": point DATABASE_URL at NEW_DATABASE on every server, run
# `flask --app portal db upgrade` (a backup from an older release gets the newer tables), restart web and jobs.
set -euo pipefail

die() {
  echo "restore: $*" >&2
  exit 1
}

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  die "usage: deploy/restore.sh BACKUP_FILE NEW_DATABASE [OWNER]"
fi
dump=$1
new=$2
owner=${3:-}
[ -n "${DATABASE_URL:-}" ] || die "set DATABASE_URL (the application's, e.g. from /etc/buurtportaal/buurtportaal.env)"
[[ $new =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "NEW_DATABASE must be lower-case letters, digits and _; it is '$new'"
[ -z "$owner" ] || [[ $owner =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "OWNER must be a role name; it is '$owner'"
[ -r "$dump" ] || die "cannot read $dump"
pg_restore --list "$dump" >/dev/null 2>&1 || die "$dump is not a backup made by deploy/backup.sh (pg_dump -Fc)"

url=$(printf '%s' "$DATABASE_URL" | sed -E 's#^postgres(ql)?(\+[A-Za-z0-9_]+)?://#postgresql://#')
case $url in postgresql://*) ;; *) die "DATABASE_URL is not PostgreSQL" ;; esac
# The same server, user and options, the new database's name in the path.
new_url=$(printf '%s' "$url" | sed -E "s#^(postgresql://[^/?]*)(/[^?]*)?#\\1/$new#")

created=0
cleanup() {
  if [ "$created" = 1 ]; then
    dropdb --no-password --maintenance-db="$url" --if-exists -- "$new" || true
  fi
}
trap cleanup EXIT

createdb --no-password --maintenance-db="$url" ${owner:+--owner="$owner"} -- "$new"
created=1
pg_restore --no-password --dbname="$new_url" --no-owner --no-privileges ${owner:+--role="$owner"} \
  --exit-on-error --single-transaction "$dump"
created=0
trap - EXIT
echo "restore: $dump restored into the new database $new" >&2
