"""--stateless proven: two replicas behind nginx (round-robin, loopback, started here) serve one client's
search -> inspect -> invoke scenario, each message landing on whichever replica nginx picks."""
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

from conftest import HTTPServer, mcp_http_session, text_of

pytestmark = pytest.mark.anyio

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Nginx:
    """nginx in the foreground with its own prefix, round-robin over `backends`, logging the upstream of each request."""

    def __init__(self, backends):
        self.dir = tempfile.mkdtemp(prefix="nginx-")
        self.port = free_port()
        self.access_log = os.path.join(self.dir, "access.log")
        servers = "\n".join(f"    server 127.0.0.1:{port};" for port in backends)
        config = f"""
worker_processes 1;
daemon off;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log warn;
events {{ worker_connections 256; }}
http {{
  log_format upstreams '$upstream_addr $request_method $status';
  access_log {self.access_log} upstreams;
  client_body_temp_path {self.dir}/body;
  proxy_temp_path {self.dir}/proxy;
  fastcgi_temp_path {self.dir}/fastcgi;
  uwsgi_temp_path {self.dir}/uwsgi;
  scgi_temp_path {self.dir}/scgi;
  upstream mcp {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{self.port};
    location / {{
      proxy_pass http://mcp;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
      proxy_read_timeout 60s;
    }}
  }}
}}
"""
        path = os.path.join(self.dir, "nginx.conf")
        with open(path, "w") as handle:
            handle.write(config)
        self.process = subprocess.Popen([NGINX, "-p", self.dir, "-c", path, "-e", f"{self.dir}/error.log"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                assert self.process.poll() is None, self.process.stderr.read().decode()
                time.sleep(0.05)
        raise AssertionError("nginx did not start")

    def upstreams(self):
        with open(self.access_log) as log:
            return [line.split()[0] for line in log if " POST " in line]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


async def test_two_stateless_replicas_behind_round_robin_nginx_serve_the_whole_scenario(emulator):
    assert NGINX, "nginx is not installed: scripts/test installs it with apt-get"
    replicas = [HTTPServer("--stateless", "--server", emulator.url) for _ in range(2)]
    proxy = Nginx([replica.port for replica in replicas])
    try:
        async with mcp_http_session(f"http://127.0.0.1:{proxy.port}/mcp") as session:
            found = await session.call_tool("search", {"query": "list workflow definitions", "limit": 3})
            endpoints = [hit["endpoint"] for hit in found.structured_content["results"]]
            assert "GET /api/metadata/workflow" in endpoints, endpoints
            inspected = await session.call_tool("inspect", {"endpoint": "GET /api/metadata/workflow"})
            assert inspected.is_error is False
            invoked = await session.call_tool("invoke", {"endpoint": "GET /api/metadata/workflow"})
            assert invoked.is_error is False, text_of(invoked)
            assert invoked.structured_content["status"] == 200
        used = proxy.upstreams()
        assert len(used) >= 4
        assert {f"127.0.0.1:{replica.port}" for replica in replicas} <= set(used), used
    finally:
        proxy.stop()
        for replica in replicas:
            replica.stop()
