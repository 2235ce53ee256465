"""The emulator's HTTP task through the real binary and a real socket: a redirect is not followed (it could lead
past the loopback-only rule), and a host outside the allowed ones is refused without a call."""
import json
import pathlib
import sys
import urllib.request

import pytest

from test_conductor_python import start_emulator, stop_emulator

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "interop"))
from http_stub import HTTPStub  # noqa: E402


@pytest.fixture(scope="module")
def env():
    process, url = start_emulator("http-task")
    stub = HTTPStub()
    yield url, stub
    stub.stop()
    stop_emulator(process)


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    return urllib.request.urlopen(request).read().decode()


def run_http(base, name, uri):
    call("POST", f"{base}/api/metadata/workflow", {"name": name, "tasks": [{
        "name": "call", "taskReferenceName": "call", "type": "HTTP",
        "inputParameters": {"http_request": {"uri": uri, "method": "GET"}}}]})
    workflow_id = call("POST", f"{base}/api/workflow/{name}", {})
    return json.loads(call("GET", f"{base}/api/workflow/{workflow_id}"))


def test_a_redirect_is_answered_not_followed(env):
    base, stub = env
    workflow = run_http(base, "redirected", f"{stub.url}/redirect")
    assert workflow["status"] == "FAILED"
    response = workflow["tasks"][0]["outputData"]["response"]
    assert response["statusCode"] == 302
    assert "302" in workflow["reasonForIncompletion"]


def test_a_host_outside_loopback_is_refused(env):
    base, _ = env
    workflow = run_http(base, "outside", "http://example.com/")
    assert workflow["status"] == "FAILED"
    assert "--http-task-host example.com" in workflow["reasonForIncompletion"]
