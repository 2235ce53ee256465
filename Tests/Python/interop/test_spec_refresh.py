"""Following the server as it changes: a URL document read again on an interval (conditionally) and a file on SIGHUP,
with the swap told to the client and the diff readable as a resource."""
import copy
import json
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import SPECS
from rawmcp import RawServer, result_text


class DocumentServer(ThreadingHTTPServer):
    """Serves one document with an ETag; answers 304 to a matching If-None-Match; counts both kinds of answer."""

    def __init__(self, document):
        self.document = document
        self.version = 1
        self.full = 0
        self.not_modified = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(handler):  # noqa: N802
                etag = f'"v{outer.version}"'
                if handler.headers.get("If-None-Match") == etag:
                    outer.not_modified += 1
                    handler.send_response(304)
                    handler.send_header("ETag", etag)
                    handler.end_headers()
                    return
                outer.full += 1
                body = json.dumps(outer.document).encode()
                handler.send_response(200)
                handler.send_header("Content-Type", "application/json")
                handler.send_header("ETag", etag)
                handler.send_header("Content-Length", str(len(body)))
                handler.end_headers()
                handler.wfile.write(body)

            def log_message(handler, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server_address[1]}/api-docs"

    def change(self, document):
        self.document = document
        self.version += 1


def changed_document(document):
    new = copy.deepcopy(document)
    new["paths"]["/api/brand-new/{id}"] = {"get": {"operationId": "brandNew", "summary": "A new endpoint",
                                                   "parameters": [{"name": "id", "in": "path", "required": True,
                                                                   "schema": {"type": "string"}}],
                                                   "responses": {"200": {"description": "ok"}}}}
    del new["paths"]["/api/workflow/{workflowId}/pause"]
    return new


def wait_until(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_url_document_is_followed_conditionally_and_the_change_is_told():
    original = json.loads(SPECS["oss"].read_text())
    documents = DocumentServer(original)
    server = RawServer("--spec", documents.url, "--spec-refresh", "1s")
    try:
        assert wait_until(lambda: documents.not_modified >= 2), "no conditional re-fetch"
        assert documents.full == 1, "an unchanged document was fetched whole again"
        documents.change(changed_document(original))
        assert wait_until(lambda: (server.pump(0.1) or True) and any(
            reply.get("method") == "notifications/message" for reply in server.replies)), "no change notice"
        notice = next(reply for reply in server.replies if reply.get("method") == "notifications/message")
        assert "1 removed" in notice["params"]["data"] and "1 added" in notice["params"]["data"], notice
        assert wait_until(lambda: (server.pump(0.1) or True) and any(
            reply.get("method") == "notifications/resources/list_changed" for reply in server.replies))
        reply = server.call("search", {"query": "brand new endpoint"})
        assert "GET /api/brand-new/{id}" in result_text(reply)
        server.request({"jsonrpc": "2.0", "id": 77, "method": "resources/read",
                        "params": {"uri": "conductor://diff/last"}})
        assert server.wait_for([77], 10)
        diff = server.by_id(77)[0]["result"]["contents"][0]["text"]
        assert "- PUT /api/workflow/{workflowId}/pause" in diff and "[breaking]" in diff, diff
        server.request({"jsonrpc": "2.0", "id": 78, "method": "prompts/get", "params": {"name": "what-changed"}})
        assert server.wait_for([78], 10)
        assert "brand-new" in server.by_id(78)[0]["result"]["messages"][0]["content"]["text"]
    finally:
        server.close()
        documents.shutdown()


def test_a_broken_reload_keeps_the_old_document(tmp_path):
    path = tmp_path / "spec.json"
    original = json.loads(SPECS["oss"].read_text())
    path.write_text(json.dumps(original))
    server = RawServer("--spec", str(path))
    try:
        path.write_text("{ not json")
        server.process.send_signal(signal.SIGHUP)
        time.sleep(1.0)
        assert "PUT /api/workflow/{workflowId}/pause" in result_text(server.call("search", {"query": "pause a workflow"}))
        # A valid document with no endpoint left (a server mid-deploy) is no API with nothing in it: kept too.
        empty = dict(original, paths={})
        path.write_text(json.dumps(empty))
        server.process.send_signal(signal.SIGHUP)
        time.sleep(1.0)
        assert "PUT /api/workflow/{workflowId}/pause" in result_text(server.call("search", {"query": "pause a workflow"}))
        path.write_text(json.dumps(changed_document(original)))
        server.process.send_signal(signal.SIGHUP)
        assert wait_until(lambda: "brand-new" in result_text(server.call("search", {"query": "brand new endpoint"})))
        assert server.alive()
    finally:
        server.close()
