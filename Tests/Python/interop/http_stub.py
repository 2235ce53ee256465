"""A small HTTP service on loopback for the emulator's HTTP tasks to call, recording every request."""
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TEMPERATURES = {"Dubai": 44, "Oslo": 3, "Paris": 18}
RISK = {"Paris": 0.2, "Rome": 0.7, "Oslo": 0.1}


class HTTPStub:
    """Answers /weather, /risk, /confidence, /notify, /charge (always 503), /redirect (302 to example.com) and
    /refund; `requests` records them."""

    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self.answer()

            def do_POST(self):
                self.answer()

            def answer(self):
                url = urllib.parse.urlparse(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                with stub.lock:
                    stub.requests.append({"method": self.command, "path": url.path, "query": query, "body": body})
                    count = sum(1 for r in stub.requests if r["path"] == url.path)
                status, payload = stub.route(url.path, query, body, count)
                data = json.dumps(payload).encode()
                self.send_response(status)
                if status == 302:
                    self.send_header("Location", "http://example.com/elsewhere")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @staticmethod
    def route(path, query, body, count):
        if path == "/weather":
            city = query.get("city", "")
            return 200, {"city": city, "temp": TEMPERATURES.get(city, 20), "unit": "C"}
        if path == "/risk":
            city = query.get("city", "")
            return 200, {"city": city, "risk": RISK.get(city, 0.5)}
        if path == "/confidence":
            return 200, {"round": count, "confidence": round(0.3 * count, 2)}
        if path in ("/notify", "/refund"):
            return 200, {"accepted": True}
        if path == "/redirect":
            return 302, {"moved": True}
        if path == "/charge":
            return 503, {"error": "payment gateway unavailable"}
        return 404, {"error": f"no route {path}"}

    def calls(self, path):
        with self.lock:
            return [r for r in self.requests if r["path"] == path]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
