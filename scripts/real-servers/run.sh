#!/usr/bin/env bash
# Regenerates fixtures/real/: access logs written by real nginx and Apache httpd
# servers (Debian packages), plus an independent count of each log.
#
#   sudo bash scripts/real-servers/run.sh
#
# Everything listens on 127.0.0.1 on free high ports picked at run time; every
# request goes to 127.0.0.1; every server started here is stopped by its pid on
# exit, whatever happens.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$ROOT/fixtures/real"

if [[ $(id -u) -ne 0 ]]; then
  echo "run.sh: run as root (installs packages, starts servers that switch users)" >&2
  exit 1
fi

if ! command -v nginx >/dev/null || [[ ! -x /usr/sbin/apache2 ]] || ! command -v htpasswd >/dev/null; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y nginx apache2 apache2-utils
fi

TMP="$(mktemp -d /tmp/logcodes-real.XXXXXX)"
# The servers' workers run as unprivileged users and must read the docroot.
chmod 755 "$TMP"

BACKEND_PID=""
stop_all() {
  local pid
  if [[ -s "$TMP/nginx.pid" ]]; then
    pid="$(cat "$TMP/nginx.pid")"
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  if [[ -s "$TMP/apache2.pid" ]]; then
    pid="$(cat "$TMP/apache2.pid")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  if [[ -n "$BACKEND_PID" ]]; then
    kill -TERM "$BACKEND_PID" 2>/dev/null || true
    wait "$BACKEND_PID" 2>/dev/null || true
  fi
}
cleanup() {
  stop_all
  # KEEP_TMP=1 keeps the configs and the servers' error logs for a look.
  if [[ -n "${KEEP_TMP:-}" ]]; then echo "run.sh: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

# Free ports: bound to port 0 and released. The two "dead" ports stay closed,
# so connecting to them is refused.
read -r HTTP_PORT TLS_PORT SMALL_PORT BACKEND_PORT SLOW_BACKEND_PORT DEAD_PORT DEAD_PORT2 APACHE_PORT < <(python3 - <<'EOF'
import socket
socks = []
for _ in range(8):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
)

# --- content shared by both servers -------------------------------------------
WWW="$TMP/www"
mkdir -p "$WWW/static" "$WWW/dir" "$WWW/private" "$WWW/secret" "$WWW/limited" \
  "$WWW/limited429" "$WWW/noindex" "$WWW/new" "$TMP/cgi-bin" "$TMP/tls"
echo '<html><body>index</body></html>' > "$WWW/index.html"
echo 'body { color: black; }' > "$WWW/static/app.css"
head -c 4096 /dev/zero | tr '\0' 'x' > "$WWW/static/file.bin"
echo 'dir index' > "$WWW/dir/index.html"
echo 'private' > "$WWW/private/data.txt"
echo 'secret' > "$WWW/secret/index.html"
echo 'limited' > "$WWW/limited/index.html"
echo 'limited' > "$WWW/limited429/index.html"
echo 'no index here' > "$WWW/noindex/readme.txt"
echo 'new' > "$WWW/new/index.html"
# A fixed past mtime, so If-Modified-Since in 2030 gets 304.
find "$WWW" -exec touch -d '2024-01-02 03:04:05 UTC' {} +
chmod -R a+rX "$WWW"
htpasswd -bc "$TMP/htpasswd" fixture fixture-pass 2>/dev/null
chmod 644 "$TMP/htpasswd"

cat > "$TMP/cgi-bin/ok.cgi" <<'EOF'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\ncgi ok\n'
EOF
cat > "$TMP/cgi-bin/broken.cgi" <<'EOF'
#!/bin/sh
echo 'this is not a header line'
EOF
cat > "$TMP/cgi-bin/unavailable.cgi" <<'EOF'
#!/bin/sh
printf 'Status: 503 Service Unavailable\r\nRetry-After: 30\r\nContent-Type: text/plain\r\n\r\ndown for maintenance\n'
EOF
cat > "$TMP/cgi-bin/upload.cgi" <<'EOF'
#!/bin/sh
cat > /dev/null
printf 'Content-Type: text/plain\r\n\r\nreceived\n'
EOF
chmod 755 "$TMP"/cgi-bin/*.cgi

# Throwaway certificates: a CA, a server cert, a client cert the CA signed, and
# a self-signed "rogue" client cert nginx must reject (495).
(
  cd "$TMP/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=fixture-ca' -keyout ca.key -out ca.pem 2>/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=logcodes.test' -keyout server.key -out server.pem 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj '/CN=fixture-client' -keyout client.key -out client.csr 2>/dev/null
  openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out client.pem 2>/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=rogue-client' -keyout rogue.key -out rogue.pem 2>/dev/null
)

fill() {
  sed -e "s|@PREFIX@|$TMP|g" -e "s|@HTTP_PORT@|$HTTP_PORT|g" -e "s|@TLS_PORT@|$TLS_PORT|g" \
    -e "s|@SMALL_PORT@|$SMALL_PORT|g" -e "s|@BACKEND_PORT@|$BACKEND_PORT|g" \
    -e "s|@SLOW_BACKEND_PORT@|$SLOW_BACKEND_PORT|g" -e "s|@DEAD_PORT@|$DEAD_PORT|g" -e "s|@DEAD_PORT2@|$DEAD_PORT2|g" \
    -e "s|@APACHE_PORT@|$APACHE_PORT|g" "$1" > "$2"
}
fill "$HERE/nginx.conf" "$TMP/nginx.conf"
fill "$HERE/apache2.conf" "$TMP/apache2.conf"

wait_for_port() {
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "run.sh: nothing listening on 127.0.0.1:$1" >&2
  return 1
}

# --- servers --------------------------------------------------------------------
python3 "$HERE/backend.py" "$BACKEND_PORT" "$SLOW_BACKEND_PORT" &
BACKEND_PID=$!
wait_for_port "$BACKEND_PORT"
wait_for_port "$SLOW_BACKEND_PORT"

nginx -t -q -c "$TMP/nginx.conf" -p "$TMP/"
nginx -c "$TMP/nginx.conf" -p "$TMP/"
wait_for_port "$HTTP_PORT"

/usr/sbin/apache2 -d "$TMP" -f "$TMP/apache2.conf" -t
/usr/sbin/apache2 -d "$TMP" -f "$TMP/apache2.conf" -k start
wait_for_port "$APACHE_PORT"

# --- traffic --------------------------------------------------------------------
HTTP_PORT=$HTTP_PORT TLS_PORT=$TLS_PORT SMALL_PORT=$SMALL_PORT TLS_DIR="$TMP/tls" \
  node "$HERE/drive.mjs" nginx "$TMP/nginx-observed.json" &
NGINX_DRIVER=$!
APACHE_PORT=$APACHE_PORT node "$HERE/drive.mjs" apache "$TMP/apache-observed.json" &
APACHE_DRIVER=$!
wait "$NGINX_DRIVER"
wait "$APACHE_DRIVER"

# Let slow exchanges finish (the upstream's 3 s sleeps behind hung-up clients),
# then stop everything so every line is written.
sleep 4
stop_all
BACKEND_PID=""

# --- fixtures -------------------------------------------------------------------
mkdir -p "$OUT"
# Replace the previous run's files; README.md is written by hand and stays.
rm -f "$OUT"/*.log "$OUT"/*.expected.json "$OUT"/*.log_format "$OUT"/*-observed.json "$OUT/run-info.json"
for log in nginx-combined apache-combined apache-vhost-combined apache-duration; do
  cp "$TMP/$log.log" "$OUT/$log.log"
  python3 "$HERE/count.py" clf "$OUT/$log.log" > "$OUT/$log.expected.json"
done
cp "$TMP/nginx-upstream.log" "$OUT/nginx-upstream.log"
python3 "$HERE/count.py" clf-upstream "$OUT/nginx-upstream.log" > "$OUT/nginx-upstream.expected.json"
cp "$TMP/nginx-upstreaminfo.log" "$OUT/nginx-upstreaminfo.log"
python3 "$HERE/count.py" clf-upstreaminfo "$OUT/nginx-upstreaminfo.log" > "$OUT/nginx-upstreaminfo.expected.json"
for log in nginx-json nginx-json-typed; do
  cp "$TMP/$log.log" "$OUT/$log.log"
  python3 "$HERE/count.py" json "$OUT/$log.log" > "$OUT/$log.expected.json"
done
cp "$TMP/nginx-observed.json" "$TMP/apache-observed.json" "$OUT/"

# The format directives exactly as they stand in the configs, for --log-format
# (which accepts a whole log_format / LogFormat line as pasted from a config).
nginx_format() {
  sed -n "s/^ *\(log_format $1 .*;\)\$/\1/p" "$HERE/nginx.conf"
}
apache_format() {
  sed -n "/^LogFormat .* $1\$/p" "$HERE/apache2.conf"
}
nginx_format upstream > "$OUT/nginx-upstream.log_format"
nginx_format upstreaminfo > "$OUT/nginx-upstreaminfo.log_format"
nginx_format json > "$OUT/nginx-json.log_format"
nginx_format json_typed > "$OUT/nginx-json-typed.log_format"
apache_format duration > "$OUT/apache-duration.log_format"
apache_format vhost_combined > "$OUT/apache-vhost-combined.log_format"
for f in "$OUT"/*.log_format; do
  [[ -s "$f" ]] || { echo "run.sh: could not extract $f" >&2; exit 1; }
done

python3 - "$OUT/run-info.json" "$(nginx -v 2>&1)" "$(/usr/sbin/apache2 -v | head -1)" "$(openssl version)" <<'EOF'
import json, sys, datetime, platform
path, nginx, apache, openssl = sys.argv[1:]
info = {
    "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "nginx": nginx,
    "apache": apache,
    "openssl": openssl,
    "os": open("/etc/debian_version").read().strip() if platform.system() == "Linux" else platform.platform(),
    "command": "bash scripts/real-servers/run.sh",
}
with open(path, "w") as f:
    json.dump(info, f, indent=1)
    f.write("\n")
EOF

wc -l "$OUT"/*.log
echo "run.sh: fixtures written to $OUT"
