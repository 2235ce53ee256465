"""The Streamable HTTP transport (MCP 2025-06-18) of the built server, probed raw over HTTP and driven by the
official MCP Python client: sessions, status codes, origin checks, bounds, progress, cancellation, shutdown."""
import http.client
import json
import signal
import subprocess
import threading
import time

import pytest

from conftest import SERVER, HTTPServer, mcp_http_session, text_of

pytestmark = pytest.mark.anyio

INITIALIZE = {
    "jsonrpc": "2.0", "id": 1, "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}},
}
HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}


def post(server, message, headers=None, raw=None, method="POST", path="/mcp", timeout=30):
    """One request; returns (status, headers, body text)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    body = raw if raw is not None else (json.dumps(message).encode() if message is not None else None)
    connection.request(method, path, body=body, headers={**HEADERS, **(headers or {})})
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, text


def open_session(server):
    status, headers, body = post(server, INITIALIZE)
    assert status == 200, body
    session = headers["mcp-session-id"]
    assert session and all(33 <= ord(c) <= 126 for c in session)
    status, _, _ = post(server, {"jsonrpc": "2.0", "method": "notifications/initialized"},
                        {"Mcp-Session-Id": session})
    assert status == 202
    return session


def error_code(body):
    return json.loads(body)["error"]["code"]


def test_a_session_is_issued_at_initialize_and_required_after(http_server):
    session = open_session(http_server)
    status, _, body = post(http_server, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
    assert status == 400 and "Mcp-Session-Id" in body
    status, headers, body = post(http_server, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
                                 {"Mcp-Session-Id": session, "MCP-Protocol-Version": "2025-06-18"})
    assert status == 200 and headers["content-type"] == "application/json"
    assert [tool["name"] for tool in json.loads(body)["result"]["tools"]] == ["search", "inspect", "invoke"]


def test_an_unknown_or_deleted_session_gets_404(http_server):
    status, _, _ = post(http_server, {"jsonrpc": "2.0", "id": 2, "method": "ping"}, {"Mcp-Session-Id": "nope"})
    assert status == 404
    session = open_session(http_server)
    status, _, _ = post(http_server, None, {"Mcp-Session-Id": session}, method="DELETE")
    assert status == 204
    status, _, body = post(http_server, {"jsonrpc": "2.0", "id": 2, "method": "ping"}, {"Mcp-Session-Id": session})
    assert status == 404 and error_code(body) == -32600


@pytest.mark.parametrize("headers,status", [
    ({"Origin": "http://evil.example"}, 403),
    ({"Origin": "http://localhost:5173"}, 200),
    ({"Host": "evil.example"}, 403),
    ({"MCP-Protocol-Version": "1999-01-01"}, 400),
    ({"Content-Type": "text/plain"}, 415),
    ({"Accept": "text/html"}, 406),
])
def test_header_checks_give_the_specified_status(http_server, headers, status):
    got, _, body = post(http_server, INITIALIZE, headers)
    assert got == status, body


def test_bad_bodies_get_400_and_413_with_a_json_rpc_error(http_server):
    status, _, body = post(http_server, None, raw=b"{not json")
    assert status == 400 and error_code(body) == -32700
    status, _, body = post(http_server, None, raw=b"x" * (5 << 20))
    assert status == 413 and error_code(body) == -32600


def test_methods_not_offered_get_405_with_allow(http_server):
    status, headers, _ = post(http_server, INITIALIZE, method="PUT")
    assert status == 405 and "POST" in headers["allow"]


def test_protocol_probes_over_http_answer_id_null():
    server = HTTPServer("--stateless")
    try:
        for raw in [b"null", b"42", b"{}", b'{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}',
                    b'{"jsonrpc":"2.0","id":null,"method":"ping"}']:
            status, _, body = post(server, None, raw=raw)
            assert status == 400, raw
            reply = json.loads(body)
            assert reply["id"] is None and reply["error"]["code"] == -32600, raw
    finally:
        server.stop()


def test_stateless_mode_serves_tools_without_a_session_and_offers_no_get_or_delete():
    server = HTTPServer("--stateless")
    try:
        status, headers, body = post(server, INITIALIZE)
        assert status == 200 and "mcp-session-id" not in headers
        call = {"jsonrpc": "2.0", "id": 3, "method": "tools/call",
                "params": {"name": "search", "arguments": {"query": "pause a workflow", "limit": 1}}}
        status, _, body = post(server, call)
        assert status == 200 and "/pause" in json.loads(body)["result"]["content"][0]["text"]
        assert post(server, None, method="GET", headers={"Accept": "text/event-stream"})[0] == 405
        assert post(server, None, method="DELETE")[0] == 405
    finally:
        server.stop()


def test_health_and_ready(http_server):
    assert post(http_server, None, method="GET", path="/health")[0] == 200
    status, _, body = post(http_server, None, method="GET", path="/ready")
    assert status == 200 and json.loads(body)["status"] == "ready"


async def test_invoke_reports_progress_to_the_python_client(emulator):
    server = HTTPServer("--server", emulator.url)
    try:
        updates = []

        async def on_progress(progress, total, message):
            updates.append((progress, message))

        async with mcp_http_session(server.url) as session:
            result = await session.call_tool(
                "invoke", {"endpoint": "GET /api/metadata/workflow"}, progress_callback=on_progress)
            assert result.is_error is False, text_of(result)
        assert updates and updates[0][0] == 0
        from prometheus_client.parser import text_string_to_metric_families

        metrics = post(server, None, method="GET", path="/metrics")[2]
        counts = [sample for family in text_string_to_metric_families(metrics) for sample in family.samples
                  if sample.name == "mcp_invoke_duration_seconds_count"]
        assert [(sample.labels["status_class"], sample.value) for sample in counts] == [("2xx", 1)]
        assert counts[0].labels["operation"] != "unknown"
    finally:
        server.stop()


def test_cancelling_an_invoke_aborts_it_and_sends_no_result():
    from conftest import Emulator

    emulator = Emulator("--fault", "latency=20000")
    server = HTTPServer("--server", emulator.url)
    try:
        session = open_session(server)
        headers = {"Mcp-Session-Id": session}
        call = {"jsonrpc": "2.0", "id": 7, "method": "tools/call",
                "params": {"name": "invoke", "arguments": {"endpoint": "GET /api/metadata/workflow"}}}
        outcome = {}

        def slow_call():
            began = time.monotonic()
            outcome["reply"] = post(server, call, headers, timeout=60)
            outcome["elapsed"] = time.monotonic() - began

        thread = threading.Thread(target=slow_call)
        thread.start()
        time.sleep(0.5)
        cancel = {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 7, "reason": "test"}}
        assert post(server, cancel, headers)[0] == 202
        thread.join(timeout=30)
        status, _, body = outcome["reply"]
        assert status == 202 and body == ""
        assert outcome["elapsed"] < 10
    finally:
        server.stop()
        emulator.process.kill()  # its handler still sleeps out the injected latency
        emulator.process.wait(timeout=10)


def test_sigterm_closes_open_streams_and_exits_zero(http_server):
    session = open_session(http_server)
    connection = http.client.HTTPConnection("127.0.0.1", http_server.port, timeout=30)
    connection.request("GET", "/mcp", headers={"Accept": "text/event-stream", "Mcp-Session-Id": session})
    response = connection.getresponse()
    assert response.status == 200 and response.getheader("Content-Type") == "text/event-stream"
    began = time.monotonic()
    http_server.process.send_signal(signal.SIGTERM)
    assert http_server.process.wait(timeout=15) == 0
    assert time.monotonic() - began < 10
    connection.close()


def test_a_non_loopback_address_needs_auth_or_an_explicit_flag():
    refused = subprocess.run([str(SERVER), "serve", "--transport", "http", "--host", "0.0.0.0", "--port", "0"],
                             capture_output=True, text=True, timeout=30)
    assert refused.returncode != 0
    assert "without authentication" in refused.stderr
    server = HTTPServer("--host", "0.0.0.0", "--allow-unauthenticated")
    try:
        assert "WITHOUT authentication" in server.stderr()
    finally:
        server.stop()


def test_metrics_parse_as_prometheus_text_and_count_what_happened(http_server):
    from prometheus_client.parser import text_string_to_metric_families

    session = open_session(http_server)
    headers = {"Mcp-Session-Id": session}
    search = {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
              "params": {"name": "search", "arguments": {"query": "pause a workflow"}}}
    assert post(http_server, search, headers)[0] == 200
    bad = {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "nope"}}
    assert error_code(post(http_server, bad, headers)[2]) == -32602
    status, response_headers, body = post(http_server, None, method="GET", path="/metrics")
    assert status == 200 and response_headers["content-type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    assert samples[("mcp_tool_calls_total", (("outcome", "succeeded"), ("tool", "search")))] == 1
    assert samples[("mcp_protocol_errors_total", (("code", "-32602"),))] == 1
    assert samples[("mcp_sessions_active", ())] == 1
    assert samples[("mcp_spec_endpoints", ())] == 80
    assert any(name == "mcp_spec_info" for name, _ in samples)


def test_ready_checks_the_upstream_when_asked(emulator):
    reachable = HTTPServer("--server", emulator.url, "--ready-checks-upstream")
    unreachable = HTTPServer("--server", "http://127.0.0.1:9", "--ready-checks-upstream")
    try:
        assert post(reachable, None, method="GET", path="/ready")[0] == 200
        status, _, body = post(unreachable, None, method="GET", path="/ready")
        assert status == 503 and "did not answer" in json.loads(body)["reason"]
        assert post(unreachable, None, method="GET", path="/health")[0] == 200
    finally:
        reachable.stop()
        unreachable.stop()


def test_sigterm_lets_a_call_in_flight_finish_then_exits_zero():
    from conftest import Emulator

    emulator = Emulator("--fault", "latency=1500")
    server = HTTPServer("--server", emulator.url)
    try:
        session = open_session(server)
        call = {"jsonrpc": "2.0", "id": 9, "method": "tools/call",
                "params": {"name": "invoke", "arguments": {"endpoint": "GET /api/metadata/workflow"}}}
        outcome = {}
        thread = threading.Thread(target=lambda: outcome.update(reply=post(server, call, {"Mcp-Session-Id": session})))
        thread.start()
        time.sleep(0.5)
        server.process.send_signal(signal.SIGTERM)
        thread.join(timeout=30)
        status, _, body = outcome["reply"]
        assert status == 200 and json.loads(body)["result"]["isError"] is False, body
        assert server.process.wait(timeout=15) == 0
    finally:
        server.stop()
        emulator.stop()


async def test_slow_calls_do_not_hold_every_connection():
    """Twelve slow upstream calls in flight (a long poll, a synchronous run) leave room for a quick one: the pool
    holds more connections per host than AsyncHTTPClient's default eight, past which a call waited, unsent."""
    import asyncio
    import time
    from conftest import Emulator

    emulator = Emulator("--fault", "latency=4000@/api/metadata/workflow")
    server = HTTPServer("--server", emulator.url)
    try:
        async with mcp_http_session(server.url) as session:
            slow = [asyncio.create_task(session.call_tool("invoke", {"endpoint": "GET /api/metadata/workflow"}))
                    for _ in range(12)]
            await asyncio.sleep(1.0)
            started = time.monotonic()
            quick = await session.call_tool("invoke", {"endpoint": "GET /api/metadata/taskdefs"})
            elapsed = time.monotonic() - started
            assert quick.is_error is False, text_of(quick)
            assert elapsed < 2.0, f"the quick call waited {elapsed:.1f} s behind the slow ones"
            for result in await asyncio.gather(*slow):
                assert result.is_error is False, text_of(result)
    finally:
        server.stop()
        emulator.stop()


@pytest.mark.parametrize("accept", ["application/json", "text/event-stream"])
def test_a_client_that_disconnects_cancels_its_call(tmp_path, accept):
    """The client's connection closes while an invoke waits on a slow upstream: the call is cancelled (audited as
    such, seconds before the upstream would have answered), not left running for nobody."""
    import socket
    from conftest import Emulator

    emulator = Emulator("--fault", "latency=6000@/api/metadata/taskdefs")
    audit = tmp_path / "audit.jsonl"
    server = HTTPServer("--server", emulator.url, "--audit-log", str(audit))
    try:
        session = open_session(server)
        call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                "params": {"name": "invoke", "arguments": {"endpoint": "GET /api/metadata/taskdefs"}}}
        if accept == "text/event-stream":
            call["params"]["_meta"] = {"progressToken": 7}
        body = json.dumps(call).encode()
        request = (f"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Type: application/json\r\n"
                   f"Accept: {accept}\r\nMcp-Session-Id: {session}\r\nMCP-Protocol-Version: 2025-06-18\r\n"
                   f"Content-Length: {len(body)}\r\n\r\n").encode() + body
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", server.port)) as connection:
            connection.sendall(request)
            time.sleep(1.0)
        while time.monotonic() - started < 4.5 and not (audit.exists() and audit.read_text().strip()):
            time.sleep(0.1)
        lines = [json.loads(line) for line in audit.read_text().splitlines()] if audit.exists() else []
        assert lines, "no audit line within 4.5 s: the call was not cancelled when its client went away"
        assert lines[0]["error"] == "cancelled", lines[0]
        assert time.monotonic() - started < 5.0
    finally:
        server.stop()
        emulator.stop()


def test_a_browser_on_an_allowed_origin_passes_cors():
    """--allowed-origin is for browser clients: their preflight is answered and they may read the session id; an
    origin not allowed gets 403 before anything else."""
    server = HTTPServer("--allowed-origin", "https://app.example.com")
    try:
        preflight = {"Origin": "https://app.example.com", "Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "content-type, mcp-session-id"}
        status, headers, _ = post(server, None, preflight, method="OPTIONS")
        assert status == 204
        assert headers["access-control-allow-origin"] == "https://app.example.com"
        assert "POST" in headers["access-control-allow-methods"]
        assert "mcp-session-id" in headers["access-control-allow-headers"].lower()
        status, headers, _ = post(server, INITIALIZE, {"Origin": "https://app.example.com"})
        assert status == 200
        assert headers["access-control-allow-origin"] == "https://app.example.com"
        assert "mcp-session-id" in headers["access-control-expose-headers"].lower()
        evil = {**preflight, "Origin": "https://evil.example" + "x" * 50_000}
        status, _, body = post(server, None, evil, method="OPTIONS")
        assert status == 403 and len(body) < 2_000
    finally:
        server.stop()


def raw_request(port, head: bytes, body_parts=(), pause=0.0, timeout=20):
    """Sends `head` then each body part (pausing between them) over one socket; returns the status line's code, or
    None when the server closed without answering."""
    import socket
    import time

    connection = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        connection.sendall(head)
        for part in body_parts:
            time.sleep(pause)
            try:
                connection.sendall(part)
            except OSError:
                break
        data = b""
        while b"\r\n" not in data:
            chunk = connection.recv(4096)
            if not chunk:
                return None
            data += chunk
        return int(data.split(b" ", 2)[1])
    finally:
        connection.close()


def test_a_body_too_large_by_its_length_is_413_at_once_and_a_slow_one_408():
    import time

    server = HTTPServer("--body-timeout", "2")
    try:
        head = (f"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Type: application/json\r\n"
                "Accept: application/json, text/event-stream\r\n")
        start = time.monotonic()
        assert raw_request(server.port, (head + "Content-Length: 1000000000000\r\n\r\n").encode()) == 413
        assert time.monotonic() - start < 5  # not after the 30 s idle timeout
        # A body sent a byte at a time (10 s in all), never silent for long, that never completes: answered 408
        # (without the body timeout the idle timeout would close the connection 30 s later, with no answer).
        start = time.monotonic()
        status = raw_request(server.port, (head + "Content-Length: 100\r\n\r\n").encode(), [b"{"] * 20, pause=0.5)
        assert status == 408 and time.monotonic() - start < 20, status
    finally:
        server.stop()


def wait_for_status(expected, attempt, timeout=10):
    """Polls `attempt()` until it returns `expected` (or the deadline passes); returns the last status."""
    import time

    deadline = time.monotonic() + timeout
    status = attempt()
    while status != expected and time.monotonic() < deadline:
        time.sleep(0.05)
        status = attempt()
    return status


def test_bodies_being_received_at_once_are_bounded_over_all_connections():
    """Each POST reserves its declared length while its body arrives; past 16 x --max-body-bytes in all, 503 with
    Retry-After; the reservation goes when the body has arrived or the connection has."""
    import socket

    server = HTTPServer("--max-body-bytes", "1048576", "--body-timeout", "60")
    held = []
    try:
        head = (f"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Type: application/json\r\n"
                "Accept: application/json\r\nContent-Length: 1048576\r\n\r\n").encode()
        for _ in range(16):  # 16 MiB reserved, bodies never finished
            connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            connection.sendall(head + b"{")
            held.append(connection)
        assert wait_for_status(503, lambda: raw_request(server.port, head)) == 503
        for connection in held:
            connection.close()
        held.clear()
        assert wait_for_status(200, lambda: post(server, INITIALIZE)[0]) == 200
    finally:
        for connection in held:
            connection.close()
        server.stop()


def test_a_body_reservation_ends_when_the_body_has_arrived_not_when_its_call_does():
    """Calls that take long (a stalled upstream) do not hold the body budget: chunked bodies reserve the whole
    --max-body-bytes each, and 20 such calls at once, beyond 16 x, leave room for more."""
    import socket
    import threading

    stall = socket.socket()
    stall.bind(("127.0.0.1", 0))
    stall.listen(64)  # accepts and never answers
    server = HTTPServer("--stateless", "--max-body-bytes", "1048576", "--server",
                        f"http://127.0.0.1:{stall.getsockname()[1]}", "--timeout", "30")
    call = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
        "name": "invoke", "arguments": {"endpoint": "GET /api/metadata/workflow"}}}).encode()

    def chunked_call():
        try:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=40)
            connection.request("POST", "/mcp", body=iter([call]),
                               headers={**HEADERS, "Transfer-Encoding": "chunked"}, encode_chunked=True)
            connection.getresponse().read()
        except OSError:
            pass

    threads = [threading.Thread(target=chunked_call, daemon=True) for _ in range(20)]
    try:
        for thread in threads:
            thread.start()
        import time
        time.sleep(1)  # the 20 calls are waiting on the stalled upstream
        assert post(server, INITIALIZE)[0] == 200
    finally:
        server.stop()
        stall.close()


def test_trace_and_connect_get_405_and_error_messages_echo_no_control_characters(http_server):
    status, headers, _ = post(http_server, None, method="TRACE")
    assert status == 405 and "allow" in headers
    connect = f"CONNECT /mcp HTTP/1.1\r\nHost: 127.0.0.1:{http_server.port}\r\nContent-Length: 0\r\n\r\n"
    assert raw_request(http_server.port, connect.encode()) == 405
    status, _, body = post(http_server, {"jsonrpc": "2.0", "id": 1, "method": "ping"},
                           {"Mcp-Session-Id": "abc\u202edef\u0085".encode()})
    assert status == 404
    message = json.loads(body)["error"]["message"]
    assert "\u202e" not in message and "\u0085" not in message and "abc?def?" in message


def test_two_host_or_origin_headers_are_400(http_server):
    body = json.dumps(INITIALIZE).encode()
    tail = (f"Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode() + body
    host = f"Host: 127.0.0.1:{http_server.port}\r\n".encode()
    assert raw_request(http_server.port, b"POST /mcp HTTP/1.1\r\n" + host + tail) == 200
    assert raw_request(http_server.port, b"POST /mcp HTTP/1.1\r\n" + host + b"Host: evil.example\r\n" + tail) == 400
    two_origins = b"Origin: http://localhost\r\nOrigin: http://evil.example\r\n"
    assert raw_request(http_server.port, b"POST /mcp HTTP/1.1\r\n" + host + two_origins + tail) == 400
