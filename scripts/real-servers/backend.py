#!/usr/bin/env python3
"""Upstream for the real-server fixtures: answers on 127.0.0.1 only.

Paths (anything after the recognised prefix is ignored):
  /status/NNN   reply with status NNN
  /slow/N       wait N seconds (fractions allowed), then 200
  /crash        close the connection without a reply (the proxy sees a reset/EOF)
  /ws           101 Switching Protocols, then close
  anything else 200 with a short body
"""
import http.server
import socketserver
import sys
import threading
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # the proxies keep the logs that matter
        pass

    def _reply(self, status, body=b"ok\n", extra=()):
        self.send_response(status)
        for name, value in extra:
            self.send_header(name, value)
        if status in (204, 304) or self.command == "HEAD":
            self.send_header("Content-Length", "0" if status in (204, 304) else str(len(body)))
            self.end_headers()
            return
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        path = self.path.split("?", 1)[0]
        parts = [p for p in path.split("/") if p]
        # proxies may mount us under a prefix such as /app/
        while parts and parts[0] not in ("status", "slow", "crash", "ws"):
            parts.pop(0)
        if not parts:
            self._reply(200)
        elif parts[0] == "status" and len(parts) > 1 and parts[1].isdigit():
            code = int(parts[1])
            extra = [("Location", "/moved")] if 300 <= code < 400 else []
            if code == 503:
                extra.append(("Retry-After", "5"))
            self._reply(code, body=("status %d\n" % code).encode(), extra=extra)
        elif parts[0] == "slow":
            try:
                delay = min(float(parts[1]), 10.0) if len(parts) > 1 else 3.0
            except ValueError:
                delay = 3.0
            time.sleep(delay)
            self._reply(200, body=b"slow ok\n")
        elif parts[0] == "crash":
            self.close_connection = True
            self.connection.close()
        elif parts[0] == "ws":
            self.send_response(101)
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            self.end_headers()
            self.wfile.flush()
            time.sleep(0.2)
            self.close_connection = True
        else:
            self._reply(200)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = _handle


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # Clients that hang up early are part of the traffic, not a failure.
        pass


def main():
    # One listener per port given; Apache needs a second one so that its short
    # proxy timeout does not share a worker with the normal mount.
    servers = [Server(("127.0.0.1", int(port)), Handler) for port in sys.argv[1:]]
    for server in servers[1:]:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
