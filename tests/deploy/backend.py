"""A small real HTTP server standing in for an app instance behind the proxy:
``python -m tests.deploy.backend PORT NAME DIRECTORY``. ``/readyz`` answers 200 while the file
``DIRECTORY/NAME.ready`` exists, 503 otherwise (a draining instance); every other request is
answered 200 with the instance's name, the method, the path and the headers it received."""

from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def handler(name: str, directory: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            if self.path.startswith("/readyz"):
                ready = (directory / f"{name}.ready").exists()
                status, body = (200, b'{"status": "ready"}') if ready else (503, b"{}")
            else:
                status = 200
                body = json.dumps({
                    "instance": name, "method": self.command, "path": self.path,
                    "headers": {key.lower(): value for key, value in self.headers.items()},
                }).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def main() -> None:
    port, name, directory = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    ThreadingHTTPServer(("127.0.0.1", port), handler(name, directory)).serve_forever()


if __name__ == "__main__":
    main()
