# PostgreSQL for the city-server tests: `source .ci/postgres.sh` (from .ci/run).
#
# Installs PostgreSQL from Debian when missing, starts a cluster of its own on loopback
# (port LOKET_PG_PORT, default 54329, so a system cluster on 5432 is left alone), creates
# the role and database the tests use (admin work over the Unix socket, peer auth),
# and exports LOKET_TEST_PG_URL (TCP on 127.0.0.1, password auth). Safe to source
# again: every step checks first. Needs root (apt-get, runuser) on a Debian-like machine.
# Being sourced, it does not change the caller's shell options; it returns non-zero when
# PostgreSQL could not be made ready.

_loket_pg_setup() {
  local port="${LOKET_PG_PORT:-54329}"
  local cluster="loket_ci"
  local role="loket"
  local password="loket"
  local dbname="loket_test"

  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "postgres.sh: PostgreSQL missing and cannot install it (need root + apt-get)" >&2
      return 1
    fi
    echo "postgres.sh: installing PostgreSQL from Debian" >&2
    apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
  fi

  local version
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  # Cluster status by awk alone (no `grep -q` in a pipe: with the caller's pipefail, an
  # early-exiting grep can make the pipe fail).
  local state
  state="$(pg_lsclusters -h 2>/dev/null | awk -v v="$version" -v c="$cluster" \
    '$1==v && $2==c {print $4}')"
  if [ -z "$state" ]; then
    # The default listen_addresses is 'localhost': loopback only.
    pg_createcluster "$version" "$cluster" -p "$port" >/dev/null || return 1
  fi
  state="$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $4}')"
  if [ "$state" != online ]; then
    pg_ctlcluster "$version" "$cluster" start || return 1
  fi

  local i
  for i in $(seq 1 50); do
    runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 0.2
  done
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$port" || return 1

  local psql=(runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 -d postgres)
  if [ -z "$("${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" ]; then
    "${psql[@]}" -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'" || return 1
  fi
  if [ -z "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$dbname'")" ]; then
    "${psql[@]}" -c "CREATE DATABASE $dbname OWNER $role" || return 1
  fi

  export LOKET_TEST_PG_URL="postgresql+psycopg://$role:$password@127.0.0.1:$port/$dbname"
  echo "postgres.sh: LOKET_TEST_PG_URL=$LOKET_TEST_PG_URL" >&2
}

_loket_pg_setup
_loket_pg_status=$?
unset -f _loket_pg_setup
# `return` when sourced, `exit` when run as a script (then it only checks the set-up).
return "$_loket_pg_status" 2>/dev/null || exit "$_loket_pg_status"
