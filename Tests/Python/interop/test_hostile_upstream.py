"""A fake upstream with every fault a hostile or broken Conductor can produce, driven through the real server.

A second listener stands for "another host": it must receive zero connections, whatever the upstream answers or the
spec says. Peak memory is read from /proc for the big-body cases."""
import gzip
import json
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import SERVER, SPECS
from rawmcp import RawServer, result_text, vm_kib

MAX_RESPONSE = 10 << 20


class Sentinel:
    """A listener that only counts connections: nothing may reach it."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.socket.settimeout(0.2)
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self.running:
            try:
                connection, _ = self.socket.accept()
                self.connections += 1
                connection.close()
            except OSError:
                continue

    def stop(self):
        self.running = False
        self.socket.close()


def make_handler(sentinel_port, spec_text):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _head(self, status, content_type, length=None, extra=()):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if length is not None:
                self.send_header("Content-Length", str(length))
            for name, value in extra:
                self.send_header(name, value)
            self.end_headers()

        def _send(self, status, content_type, body, extra=()):
            self._head(status, content_type, len(body), extra)
            self.wfile.write(body)

        def do_GET(self):  # noqa: N802 (http.server's naming)
            path = self.path
            if path.startswith("/api-docs"):
                fault = path.partition("?")[2]
                if fault == "stall":
                    self._head(200, "application/json", 10_000)
                    self.wfile.flush()
                    time.sleep(30)
                    return
                if fault == "drip":
                    self._head(200, "application/json", 10_000)
                    for _ in range(600):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(0.1)
                    return
                if fault == "badport":
                    self._send(302, "text/plain", b"", [("Location", "http://127.0.0.1:99999/api-docs")])
                    return
                if fault == "redirectclose":
                    # Promises keep-alive (HTTP/1.1, no "Connection: close"), then hangs up: the client's next
                    # request on that pooled connection fails and must go again on a fresh one.
                    self._send(302, "text/plain", b"", [("Location", "/api-docs")])
                    self.wfile.flush()
                    time.sleep(0.3)  # the client sends its next request on this connection meanwhile
                    self.close_connection = True
                    return
                if fault == "huge":
                    self._head(200, "application/json", 40 << 20)
                    chunk = b" " * 65536
                    for _ in range(640):
                        self.wfile.write(chunk)
                    return
                self._send(200, "application/json", spec_text.encode())
                return
            fault = path.rstrip("/").rsplit("/", 1)[-1]
            if fault == "stall":
                self._head(200, "application/json", 100)
                self.wfile.flush()
                time.sleep(30)
            elif fault == "drip":
                self._head(200, "application/json", 100_000)
                for _ in range(300):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
            elif fault == "endless":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"[" + b"1," * 32767 + b"1"
                try:
                    for _ in range(2000):
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                except (BrokenPipeError, ConnectionResetError):
                    pass
            elif fault == "huge":
                body = b"[" + b"1," * (5_000_000 - 1) + b"1]"
                self._send(200, "application/json", body)
            elif fault == "list":
                rows = [{"taskId": f"t{i}", "status": "COMPLETED", "note": "x" * 80} for i in range(400)]
                self._send(200, "application/json", json.dumps({"workflowId": "w", "tasks": rows}).encode())
            elif fault == "gzip":
                self._send(200, "application/json", gzip.compress(b'{"status":"RUNNING"}'),
                           [("Content-Encoding", "gzip")])
            elif fault == "invalidjson":
                self._send(200, "application/json", b'{"status": RUNNING, oops')
            elif fault == "html500":
                self._send(500, "text/html", b"<html><head><title>Oops</title></head><body><h1>Boom</h1></body></html>")
            elif fault == "otherhost":
                self._send(302, "text/plain", b"", [("Location", f"http://127.0.0.1:{sentinel_port}/api/x")])
            elif fault == "userinfo":
                self._send(302, "text/plain", b"", [("Location", f"http://x@127.0.0.1:{sentinel_port}/api/x")])
            elif fault == "badport":
                self._send(302, "text/plain", b"", [("Location", "http://127.0.0.1:99999/api/x")])
            else:
                self._send(200, "application/json", json.dumps({"workflowId": fault, "status": "RUNNING"}).encode())

    return Handler


class QuietServer(ThreadingHTTPServer):
    """Clients that hang up on a stalled or endless answer are the point of these tests, not errors."""

    def handle_error(self, request, client_address):
        pass


@pytest.fixture(scope="module")
def upstream():
    sentinel = Sentinel()
    spec = json.loads(SPECS["oss"].read_text())
    hostile = {"get": {"operationId": "atHost", "responses": {"200": {"description": "ok"}}}}
    spec["paths"][f"@127.0.0.1:{sentinel.port}/api/at"] = hostile
    spec["paths"][".evil.example/api/x"] = {"get": {"operationId": "dotHost", "responses": {}}}
    server = QuietServer(("127.0.0.1", 0), make_handler(sentinel.port, json.dumps(spec)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{server.server_address[1]}", "sentinel": sentinel}
    server.shutdown()
    sentinel.stop()


@pytest.fixture(scope="module")
def mcp(upstream):
    server = RawServer("--spec", upstream["url"] + "/api-docs", "--server", upstream["url"], "--timeout", "2",
                       "--header", "Authorization: Bearer upstream-secret-value")
    yield server
    server.close()


def get_workflow(mcp, fault, **extra):
    started = time.monotonic()
    reply = mcp.call("invoke", {"endpoint": "GET /api/workflow/{workflowId}", "params": {"workflowId": fault},
                                **extra}, timeout=60)
    return result_text(reply), reply["result"].get("isError"), time.monotonic() - started


@pytest.mark.parametrize("fault", ["stall", "drip"])
def test_a_stalled_or_dripping_body_times_out_within_the_timeout(mcp, fault):
    text, is_error, elapsed = get_workflow(mcp, fault)
    assert is_error and "Timed out" in text, text
    assert elapsed < 6, elapsed


def test_gzip_is_refused_plainly(mcp):
    text, _, _ = get_workflow(mcp, "gzip")
    assert "Content-Encoding: gzip" in text and "\ufffd" not in text


def test_invalid_json_is_reported_with_its_raw_start(mcp):
    text, _, _ = get_workflow(mcp, "invalidjson")
    assert "not valid JSON" in text.splitlines()[1] and "RUNNING, oops" in text


def test_an_html_500_is_an_error_with_its_text(mcp):
    text, is_error, _ = get_workflow(mcp, "html500")
    assert is_error and "500" in text.splitlines()[0] and "Boom" in text


@pytest.mark.parametrize("fault", ["otherhost", "userinfo", "badport"])
def test_redirects_off_the_server_are_refused(mcp, upstream, fault):
    text, is_error, _ = get_workflow(mcp, fault)
    assert is_error and "not followed" in text, text
    assert mcp.alive()
    assert upstream["sentinel"].connections == 0


def test_hostile_spec_paths_are_left_out_and_nothing_reaches_another_host(mcp, upstream):
    for name in ["atHost", "dotHost"]:
        reply = mcp.call("invoke", {"endpoint": name})
        assert reply["result"]["isError"]
        assert "Unknown endpoint" in result_text(reply)
    assert upstream["sentinel"].connections == 0


@pytest.mark.parametrize("fault", ["huge", "endless"])
def test_big_bodies_stay_within_a_small_multiple_of_the_cap(upstream, fault):
    server = RawServer("--spec", str(SPECS["oss"]), "--server", upstream["url"], "--timeout", "20")
    try:
        server.call("search", {"query": "warm up"})
        before = vm_kib(server.pid, "VmRSS")
        text, _, _ = get_workflow(server, fault)
        peak = vm_kib(server.pid, "VmHWM")
        after = vm_kib(server.pid, "VmRSS")
        growth_mib = (peak - before) / 1024
        print(f"\n{fault}: RSS before {before / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB "
              f"(+{growth_mib:.1f} MiB for a {MAX_RESPONSE >> 20} MiB cap), after {after / 1024:.1f} MiB")
        assert len(text) <= 6000
        assert growth_mib <= 4 * (MAX_RESPONSE >> 20) + 16, growth_mib
        # The answer is kept for handle re-reads (one body, at most the cap; the store holds 32 MiB at most across
        # all callers); beyond that, the memory of reading and compressing it must have been returned.
        assert (after - before) / 1024 <= 3 * (MAX_RESPONSE >> 20), "memory was not returned"
    finally:
        server.close()


def run_check(spec_url, timeout):
    started = time.monotonic()
    completed = subprocess.run([str(SERVER), "check", "--spec", spec_url, "--spec-timeout", "2"],
                               capture_output=True, text=True, timeout=timeout)
    return completed, time.monotonic() - started


@pytest.mark.parametrize("fault", ["stall", "drip", "badport", "huge"])
def test_a_hostile_spec_url_fails_cleanly_and_in_time(upstream, fault):
    completed, elapsed = run_check(f"{upstream['url']}/api-docs?{fault}", timeout=30)
    assert completed.returncode == 1, completed.stderr
    assert "Cannot fetch the OpenAPI document" in completed.stderr
    assert elapsed < 8, elapsed


def test_a_redirect_from_a_server_that_then_closes_its_connection_is_followed(upstream):
    completed, _ = run_check(f"{upstream['url']}/api-docs?redirectclose", timeout=30)
    assert "Cannot fetch" not in completed.stderr, completed.stderr
    assert "error [unsafe-path]" in completed.stdout


def test_check_reports_hostile_paths_as_errors(upstream):
    completed, _ = run_check(f"{upstream['url']}/api-docs", timeout=30)
    assert completed.returncode == 1
    assert completed.stdout.count("error [unsafe-path]") == 2


@pytest.mark.parametrize("args,expected", [
    (["--server", "http://127.0.0.1:99999"], "outside 1–65535"),
    (["--timeout", "inf"], "--timeout must be a number of seconds"),
    (["--timeout", "1e300"], "--timeout must be a number of seconds"),
    (["--spec-timeout", "inf"], "--spec-timeout must be a number of seconds"),
    (["--spec-timeout", "1e300"], "--spec-timeout must be a number of seconds"),
    (["--header", "Authorization Bearer SECRET-VALUE-42"], "has no colon"),
    (["--header", "Bearer SECRET-VALUE-42: x"], "not shown"),
    (["--max-response-bytes", "0"], "--max-response-bytes must be between"),
])
def test_bad_flags_are_usage_errors_without_secrets(args, expected):
    completed = subprocess.run([str(SERVER), "invoke", "GET /api/metadata/workflow", "--dry-run", *args],
                               capture_output=True, text=True, timeout=30)
    assert completed.returncode not in (0, -4, 132), completed
    assert expected in completed.stderr, completed.stderr
    assert "SECRET-VALUE-42" not in completed.stderr + completed.stdout
    valid = subprocess.run([str(SERVER), "invoke", "GET /api/metadata/workflow", "--dry-run"],
                           capture_output=True, text=True, timeout=30)
    assert valid.returncode == 0, valid.stderr


def test_a_spec_path_port_out_of_range_does_not_crash(upstream):
    completed = subprocess.run([str(SERVER), "check", "--spec", "http://127.0.0.1:99999/api-docs"],
                               capture_output=True, text=True, timeout=30)
    assert completed.returncode == 1 and "outside 1–65535" in completed.stderr


def test_a_handle_rereads_a_kept_answer_without_a_new_request(mcp):
    text, is_error, _ = get_workflow(mcp, "list", max_chars=1500)
    assert not is_error and "handle: r" in text, text
    handle = text.rsplit("handle: ", 1)[1].split()[0]
    reply = mcp.call("invoke", {"handle": handle, "fields": ["tasks[].taskId"], "offset": 390})
    reread = result_text(reply)
    assert "no request sent" in reread and "t395" in reread, reread
    expired = mcp.call("invoke", {"handle": "r999999"})
    assert expired["result"]["isError"] and "Unknown handle" in result_text(expired)


def test_an_offset_without_a_handle_is_refused_not_ignored(mcp):
    reply = mcp.call("invoke", {"endpoint": "GET /api/metadata/workflow", "offset": 5})
    assert reply["result"]["isError"], reply
    text = result_text(reply)
    assert '"offset" pages a kept answer and goes with "handle"' in text, text
