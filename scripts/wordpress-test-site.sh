#!/usr/bin/env bash
# A real WordPress on 127.0.0.1 for natter's integration tests: Debian's
# `wordpress` package served by `php -S`, on a private MariaDB that listens on a
# unix socket only, with natter's plugin (wordpress/natter) active.
#
#   scripts/wordpress-test-site.sh start   # prints the state as JSON on stdout
#   scripts/wordpress-test-site.sh stop    # stops what `start` started (by PID)
#   scripts/wordpress-test-site.sh purge   # stop, then forget the database
#   scripts/wordpress-test-site.sh export-wxr   # the running site's posts and comments as
#                                               # WordPress's own exporter writes them (WXR)
#
# `start` is idempotent and serialised with flock: while the site runs it only
# prints the state again. It needs root: apt-get (when the packages are
# missing), /etc/wordpress, and `mariadbd --user=mysql`.
#
# Environment: NATTER_WP_PORT (8097), NATTER_WP_DIR (/tmp/natter-wordpress-$PORT),
# NATTER_WP_RUN (an id recorded as the starter, so a test run stops only a site it started).
set -euo pipefail

PORT="${NATTER_WP_PORT:-8097}"
DIR="${NATTER_WP_DIR:-/tmp/natter-wordpress-$PORT}"
HOST=127.0.0.1
BASE="http://$HOST:$PORT"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
CORE=/usr/share/wordpress
CONTENT=/var/lib/wordpress/wp-content
CONFIG_NAME="natter-test-$PORT"
CONFIG="/etc/wordpress/config-$CONFIG_NAME.php"
SOCK="$DIR/db/run/mysqld.sock"
DB_PID="$DIR/db/run/mysqld.pid"
PHP_PID="$DIR/php.pid"
# php8.2-fpm and nginx only satisfy `libapache2-mod-php | php` and `apache2 | httpd`
# so that apt does not pick Apache; neither is started.
PACKAGES=(wordpress php8.2 php8.2-cli php8.2-fpm php8.2-mysql mariadb-server nginx)

say() { printf '[wordpress-test-site] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

# True when the PID in file $1 is alive and its command line contains $2
# (stopped daemons can linger as zombies, so `kill -0` alone is not enough).
running() {
  [[ -s "$1" ]] || return 1
  local pid; pid=$(cat "$1" 2>/dev/null) || return 1
  [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2"
}
port_taken() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

stop() {
  if running "$PHP_PID" "-S $HOST:$PORT"; then
    # php -S forks its workers into the process group that setsid gave it.
    local group; group=$(cat "$PHP_PID")
    for proc in /proc/[0-9]*; do
      local pid=${proc#/proc/}
      [[ "$(awk '{print $5}' "$proc/stat" 2>/dev/null)" == "$group" ]] || continue
      tr '\0' ' ' <"$proc/cmdline" 2>/dev/null | grep -qF -- "-S $HOST:$PORT" && kill "$pid" 2>/dev/null || true
    done
    say "stopped php -S on $BASE"
  fi
  rm -f "$PHP_PID"
  if running "$DB_PID" "$DIR/db/data"; then
    local pid; pid=$(cat "$DB_PID")
    kill "$pid"
    for _ in $(seq 1 100); do running "$DB_PID" "$DIR/db/data" || break; sleep 0.1; done
    say "stopped MariaDB"
  fi
  rm -f "$DIR/started-by"
}

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  (( ${#missing[@]} == 0 )) && return
  say "installing ${missing[*]} from Debian"
  # Package scripts must not start system services (Apache, nginx, MariaDB on their default ports).
  local policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; policy=1; fi
  local apt=(apt-get -o DPkg::Lock::Timeout=900 -q)
  if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "${PACKAGES[@]}" >"$DIR/apt.log" 2>&1; then
    "${apt[@]}" update >>"$DIR/apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "${PACKAGES[@]}" >>"$DIR/apt.log" 2>&1 \
      || { (( policy )) && rm -f /usr/sbin/policy-rc.d; fail "apt-get failed, see $DIR/apt.log"; }
  fi
  (( policy )) && rm -f /usr/sbin/policy-rc.d
  return 0
}

start_database() {
  mkdir -p "$DIR/db/data" "$DIR/db/run"
  chown mysql:mysql "$DIR/db/data" "$DIR/db/run"   # mariadbd runs as mysql and writes its socket there
  if [[ ! -d "$DIR/db/data/mysql" ]]; then
    mariadb-install-db --no-defaults --user=mysql --datadir="$DIR/db/data" --auth-root-authentication-method=socket \
      --skip-test-db --innodb-log-file-size=16M >"$DIR/db/install.log" 2>&1 || fail "mariadb-install-db failed, see $DIR/db/install.log"
  fi
  if ! running "$DB_PID" "$DIR/db/data"; then
    rm -f "$SOCK" "$DB_PID"
    setsid mariadbd --no-defaults --user=mysql --datadir="$DIR/db/data" --socket="$SOCK" --pid-file="$DB_PID" \
      --log-error="$DIR/db/run/error.log" --skip-networking --skip-name-resolve --innodb-buffer-pool-size=64M \
      --innodb-log-file-size=16M --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_520_ci \
      </dev/null >/dev/null 2>&1 9>&- &
  fi
  for _ in $(seq 1 300); do mariadb-admin --no-defaults --socket="$SOCK" -uroot ping >/dev/null 2>&1 && break; sleep 0.1; done
  mariadb-admin --no-defaults --socket="$SOCK" -uroot ping >/dev/null 2>&1 || fail "MariaDB did not start, see $DIR/db/run/error.log"
  [[ -s "$DIR/db/password" ]] || head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$DIR/db/password"
  local password; password=$(cat "$DIR/db/password")
  mariadb --no-defaults --socket="$SOCK" -uroot -e "
    CREATE DATABASE IF NOT EXISTS natter CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
    CREATE USER IF NOT EXISTS 'natter'@'localhost' IDENTIFIED BY '$password';
    GRANT ALL ON natter.* TO 'natter'@'localhost';"
}

write_config() {
  [[ -s "$DIR/salts.php" ]] || {
    echo '<?php'
    for key in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
      printf "define('%s', '%s');\n" "$key" "$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    done
  } >"$DIR/salts.php"
  # Debian's /usr/share/wordpress/wp-config.php loads /etc/wordpress/config-$WORDPRESS_CONFIG.php.
  cat >"$CONFIG" <<EOF
<?php
// natter's test WordPress on $BASE (scripts/wordpress-test-site.sh).
define('DB_NAME', 'natter');
define('DB_USER', 'natter');
define('DB_PASSWORD', '$(cat "$DIR/db/password")');
define('DB_HOST', 'localhost:$SOCK');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', '$BASE');
define('WP_SITEURL', '$BASE');
define('WP_ENVIRONMENT_TYPE', 'local');   // application passwords over plain http
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);    // no internet here: fail at once instead of timing out
define('WP_DEBUG', false);
define('WP_DEBUG_DISPLAY', false);         // a PHP notice must never end up inside JSON
require '$DIR/salts.php';
\$table_prefix = 'wp_';
EOF
  chmod 644 "$CONFIG"
  mkdir -p "$CONTENT/plugins" "$CONTENT/mu-plugins"
  ln -sfn "$REPO/wordpress/natter" "$CONTENT/plugins/natter"
  cp "$REPO/test/wordpress/natter-test-harness.php" "$CONTENT/mu-plugins/natter-test-harness.php"
}

start_php() {
  running "$PHP_PID" "-S $HOST:$PORT" && return
  port_taken && fail "$HOST:$PORT is in use by a process this script did not start (set NATTER_WP_PORT)"
  # Four workers: WordPress sometimes calls itself, and a single worker would wait on itself.
  WORDPRESS_CONFIG="$CONFIG_NAME" PHP_CLI_SERVER_WORKERS=4 setsid php -d display_errors=0 -d log_errors=1 \
    -d memory_limit=256M -S "$HOST:$PORT" -t "$CORE" "$REPO/test/wordpress/router.php" \
    </dev/null >>"$DIR/php.log" 2>&1 9>&- &
  echo $! >"$PHP_PID"
  for _ in $(seq 1 100); do port_taken && break; sleep 0.1; done
  port_taken || fail "php -S did not start, see $DIR/php.log"
}

start() {
  mkdir -p "$DIR"
  # The daemons started below must not inherit this descriptor, or they would hold the lock forever.
  exec 9>"$DIR/lock"
  flock 9
  if running "$PHP_PID" "-S $HOST:$PORT" && running "$DB_PID" "$DIR/db/data" && [[ -s "$DIR/state.json" ]]; then
    cat "$DIR/state.json"
    return
  fi
  install_packages
  start_database
  write_config
  start_php
  local php=(env WORDPRESS_CONFIG="$CONFIG_NAME" NATTER_WP_HOST="$HOST:$PORT" NATTER_WP_DIR="$DIR"
    php -d display_errors=stderr -d error_reporting='E_ALL & ~E_DEPRECATED' "$REPO/test/wordpress/setup-site.php")
  "${php[@]}" install >&2 || fail "WordPress install failed"
  "${php[@]}" fixtures >"$DIR/state.json.tmp" || fail "WordPress fixtures failed"
  mv "$DIR/state.json.tmp" "$DIR/state.json"
  chmod 600 "$DIR/state.json"
  [[ -s "$DIR/started-by" ]] || printf '%s' "${NATTER_WP_RUN:-manual}" >"$DIR/started-by"
  say "ready on $BASE"
  cat "$DIR/state.json"
}

export_wxr() {
  running "$PHP_PID" "-S $HOST:$PORT" || fail "the site on $BASE is not running"
  WORDPRESS_CONFIG="$CONFIG_NAME" NATTER_WP_HOST="$HOST:$PORT" \
    php -d display_errors=stderr -d error_reporting='E_ALL & ~E_DEPRECATED' "$REPO/test/wordpress/export-wxr.php"
}

case "${1:-}" in
  start) [[ "$(id -u)" == 0 ]] || fail "run as root"; start ;;
  export-wxr) export_wxr ;;
  stop) stop ;;
  purge) stop; rm -rf "$DIR" "$CONFIG" ;;
  *) echo "usage: $0 start|stop|purge|export-wxr" >&2; exit 2 ;;
esac
