"""The remote mode as an OAuth 2.1 resource server: bearer JWTs minted with PyJWT against a JWKS this test serves,
static tokens, protected-resource metadata (RFC 9728), and proof that the client's token never goes upstream."""
import http.server
import json
import threading
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from conftest import SPECS, HTTPServer, mcp_http_session, text_of
from test_mcp_http import INITIALIZE, post

pytestmark = pytest.mark.anyio

ISSUER = "https://issuer.test"
AUDIENCE = "https://mcp.test/mcp"
SCOPE = "mcp:tools"


class Recorder(http.server.ThreadingHTTPServer):
    """A loopback HTTP server answering from `answer(path)` and recording each request's headers."""

    def __init__(self, answer):
        self.answer = answer
        self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(handler):
                self.requests.append((handler.path, dict(handler.headers)))
                status, body = self.answer(handler.path)
                data = json.dumps(body).encode()
                handler.send_response(status)
                handler.send_header("Content-Type", "application/json")
                handler.send_header("Content-Length", str(len(data)))
                handler.end_headers()
                handler.wfile.write(data)

            do_DELETE = do_GET

            def log_message(handler, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    def stop(self):
        self.shutdown()
        self.server_close()


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwk(key, kid):
    entry = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    entry.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return entry


class AuthServer:
    """Keys and a JWKS endpoint whose key list the test can rotate."""

    def __init__(self):
        self.keys = {"k1": new_key()}
        self.published = ["k1"]
        self.extra = []  # keys listed besides the published ones, as given
        self.http = Recorder(lambda path: (200, {"keys": self.extra + [jwk(self.keys[kid], kid)
                                                                        for kid in self.published]}))
        self.jwks_url = f"{self.http.url}/jwks"

    def fetches(self):
        return len(self.http.requests)

    def mint(self, kid="k1", key=None, **overrides):
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "alice", "scope": f"{SCOPE} other", "iat": now,
                  "exp": now + 600}
        claims.update(overrides)
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(claims, key or self.keys[kid], algorithm="RS256", headers={"kid": kid})


@pytest.fixture
def auth():
    server = AuthServer()
    yield server
    server.http.stop()


@pytest.fixture
def protected(auth):
    server = HTTPServer("--auth-jwks", auth.jwks_url, "--auth-issuer", ISSUER, "--auth-audience", AUDIENCE,
                        "--auth-scope", SCOPE, "--auth-jwks-refresh", "1")
    yield server
    server.stop()


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_no_token_gets_401_pointing_at_the_resource_metadata(protected):
    status, headers, body = post(protected, INITIALIZE)
    assert status == 401
    metadata_url = f"http://127.0.0.1:{protected.port}/.well-known/oauth-protected-resource"
    assert headers["www-authenticate"].startswith(f'Bearer resource_metadata="{metadata_url}"')
    status, _, body = post(protected, None, method="GET", path="/.well-known/oauth-protected-resource")
    assert status == 200
    metadata = json.loads(body)
    assert metadata["resource"] == AUDIENCE
    assert metadata["authorization_servers"] == [ISSUER]
    assert metadata["scopes_supported"] == [SCOPE]


@pytest.mark.parametrize("case", ["expired", "wrong audience", "wrong issuer", "bad signature", "not yet valid",
                                  "no exp", "garbage", "nbf as a string", "exp as a string"])
def test_refused_tokens_get_401_invalid_token(protected, auth, case):
    now = int(time.time())
    token = {
        "expired": lambda: auth.mint(exp=now - 3600),
        "wrong audience": lambda: auth.mint(aud="https://other.test/mcp"),
        "wrong issuer": lambda: auth.mint(iss="https://evil.test"),
        "bad signature": lambda: auth.mint(key=new_key()),
        "not yet valid": lambda: auth.mint(nbf=now + 3600),
        "no exp": lambda: auth.mint(exp=None),
        "garbage": lambda: "not.a.jwt",
        "nbf as a string": lambda: auth.mint(nbf=str(now + 3600)),
        "exp as a string": lambda: auth.mint(exp=str(now + 600)),
    }[case]()
    status, headers, body = post(protected, INITIALIZE, bearer(token))
    assert status == 401, body
    assert 'error="invalid_token"' in headers["www-authenticate"]
    assert token not in body and token not in protected.stderr()


def test_a_token_without_the_scope_gets_403_insufficient_scope(protected, auth):
    status, headers, _ = post(protected, INITIALIZE, bearer(auth.mint(scope="other")))
    assert status == 403
    assert 'error="insufficient_scope"' in headers["www-authenticate"]


def test_a_valid_token_is_served(protected, auth):
    status, headers, body = post(protected, INITIALIZE, bearer(auth.mint()))
    assert status == 200, body
    assert "mcp-session-id" in headers


def test_an_unknown_kid_refreshes_the_jwks_at_a_bounded_rate_and_rotation_works(protected, auth):
    assert post(protected, INITIALIZE, bearer(auth.mint()))[0] == 200
    before = auth.fetches()
    auth.keys["k2"] = new_key()
    # Not yet published: refused, after at most one fetch however many such tokens arrive.
    for _ in range(5):
        assert post(protected, INITIALIZE, bearer(auth.mint(kid="k2")))[0] == 401
    assert auth.fetches() - before <= 1
    auth.published = ["k2"]
    time.sleep(1.1)  # the refresh interval the server was started with (--auth-jwks-refresh 1)
    assert post(protected, INITIALIZE, bearer(auth.mint(kid="k2")))[0] == 200
    assert 1 <= auth.fetches() - before <= 2


def test_a_session_belongs_to_the_subject_that_opened_it(protected, auth):
    status, headers, _ = post(protected, INITIALIZE, bearer(auth.mint(sub="alice")))
    session = headers["mcp-session-id"]
    ping = {"jsonrpc": "2.0", "id": 2, "method": "ping"}
    assert post(protected, ping, {**bearer(auth.mint(sub="alice")), "Mcp-Session-Id": session})[0] == 200
    assert post(protected, ping, {**bearer(auth.mint(sub="bob")), "Mcp-Session-Id": session})[0] == 404


async def test_the_python_client_works_with_a_bearer_token(protected, auth):
    async with mcp_http_session(protected.url, headers=bearer(auth.mint())) as session:
        result = await session.call_tool("search", {"query": "pause a workflow", "limit": 1})
        assert "/pause" in text_of(result)


async def test_static_tokens_and_no_token_passthrough_upstream(tmp_path):
    token = "static-token-0123456789abcdef"
    tokens = tmp_path / "tokens"
    tokens.write_text(f"# comment\n{token} carol {SCOPE}\n")
    upstream = Recorder(lambda path: (200, []))
    server = HTTPServer("--auth-token-file", str(tokens), "--server", upstream.url,
                        "--header", "X-Upstream-Key: server-secret")
    try:
        assert post(server, INITIALIZE, bearer("static-token-0123456789abcdeX"))[0] == 401
        async with mcp_http_session(server.url, headers=bearer(token)) as session:
            result = await session.call_tool("invoke", {"endpoint": "GET /api/metadata/workflow"})
            assert result.is_error is False, text_of(result)
        assert upstream.requests, "the upstream was not called"
        for _, headers in upstream.requests:
            assert headers.get("X-Upstream-Key") == "server-secret"
            assert all(token not in value for value in headers.values()), headers
            assert "Authorization" not in headers
    finally:
        server.stop()
        upstream.stop()


async def test_the_callers_token_picks_the_role_end_to_end(tmp_path):
    """Remote mode with the access policy: the token's scopes map to roles (roleMapping), and the role decides."""
    viewer_token, admin_token = "viewer-token-0123456789abcdef", "admin-token-0123456789abcdef0"
    tokens = tmp_path / "tokens"
    tokens.write_text(f"{viewer_token} vera conductor:read\n{admin_token} adam conductor:admin\n")
    config = tmp_path / "policy.yaml"
    config.write_text("roleMapping:\n  scopes:\n    conductor:admin: admin\n    conductor:read: viewer\n"
                      "  unmatched: null\n")
    upstream = Recorder(lambda path: (200, []))
    server = HTTPServer("--auth-token-file", str(tokens), "--server", upstream.url, "--config", str(config))
    delete = {"endpoint": "DELETE /api/metadata/workflow/{name}/{version}", "params": {"name": "w", "version": 1}}
    try:
        async with mcp_http_session(server.url, headers=bearer(viewer_token)) as session:
            tools = {tool.name: tool for tool in (await session.list_tools()).tools}
            assert tools["invoke"].annotations.read_only_hint is True
            refused = await session.call_tool("invoke", delete)
            assert refused.is_error and "not allowed for role viewer" in text_of(refused)
            read = await session.call_tool("invoke", {"endpoint": "GET /api/metadata/workflow"})
            assert read.is_error is False, text_of(read)
        assert [path for path, _ in upstream.requests] == ["/api/metadata/workflow"]
        async with mcp_http_session(server.url, headers=bearer(admin_token)) as session:
            tools = {tool.name: tool for tool in (await session.list_tools()).tools}
            assert tools["invoke"].annotations.read_only_hint is False
            sent = await session.call_tool("invoke", delete)
            assert sent.is_error is False, text_of(sent)
        assert upstream.requests[-1][0] == "/api/metadata/workflow/w/1"
    finally:
        server.stop()
        upstream.stop()


def test_an_unreachable_key_set_is_a_503_without_internal_details(auth):
    """The authorization server's JWKS cannot be fetched: not the caller's fault, so 503 and retry, no socket detail."""
    server = HTTPServer("--auth-jwks", "http://127.0.0.1:9/jwks.json", "--auth-issuer", ISSUER,
                        "--auth-audience", AUDIENCE, "--auth-scope", SCOPE)
    try:
        status, headers, body = post(server, INITIALIZE, bearer(auth.mint()))
        assert status == 503, (status, body)
        assert headers.get("retry-after") == "5"
        assert "errno" not in body and "refused" not in body and "127.0.0.1:9" not in body, body
    finally:
        server.stop()


# Keys a key set may list that no RS/ES/EdDSA verifier can use: RFC 7517 section 5 has them ignored.
UNUSABLE_KEYS = [
    {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQ"},
    {"kty": "OKP", "crv": "X25519", "kid": "x25519", "x": "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"},
    {"kty": "AKP", "alg": "ML-DSA-44", "kid": "pq", "pub": "AAAA"},
    {"kty": "EC", "crv": "secp256k1", "kid": "k256", "x": "WKn-ZIGevcwGIyyrzFoZNBdaq9_TsqzGl96oc0CWuis",
     "y": "y77t-RvAHRKTsSGdIYUfweuOvwrvDD-Q3Hv5J0fSKbE"},
]


def test_keys_the_server_cannot_use_are_skipped_not_fatal(auth):
    """An authorization server that adds an encryption, HMAC, post-quantum or other-curve key, or one without a kid,
    to its JWKS must not take every token down: those keys are ignored, the RSA one still verifies."""
    kidless = jwk(new_key(), "gone")
    del kidless["kid"]
    encryption = jwk(new_key(), "enc1")
    encryption["use"] = "enc"
    auth.extra = UNUSABLE_KEYS + [kidless, encryption]
    server = HTTPServer("--auth-jwks", auth.jwks_url, "--auth-issuer", ISSUER, "--auth-audience", AUDIENCE)
    try:
        status, _, body = post(server, INITIALIZE, bearer(auth.mint()))
        assert status == 200, (status, body)
        # A token signed by the encryption key is not accepted for it.
        encrypted = jwt.encode({"iss": ISSUER, "aud": AUDIENCE, "sub": "eve", "exp": int(time.time()) + 600},
                               new_key(), algorithm="RS256", headers={"kid": "enc1"})
        assert post(server, INITIALIZE, bearer(encrypted))[0] == 401
    finally:
        server.stop()


def test_a_key_set_with_no_usable_key_is_a_503(auth):
    auth.extra = UNUSABLE_KEYS
    auth.published = []
    server = HTTPServer("--auth-jwks", auth.jwks_url, "--auth-issuer", ISSUER, "--auth-audience", AUDIENCE)
    try:
        status, headers, body = post(server, INITIALIZE, bearer(auth.mint()))
        assert status == 503, (status, body)
        assert headers.get("retry-after") == "5"
    finally:
        server.stop()


def test_with_jwks_and_static_tokens_a_jwt_refusal_says_why_and_a_down_jwks_is_503(auth, tmp_path):
    """Two verifiers: the JWT one's specific refusal is reported, not the static list's "not a known token"; and the
    key set being down is a 503 to retry, not a 401 telling the client to drop its token."""
    tokens = tmp_path / "tokens"
    tokens.write_text("static-token-0123456789abcdef carol\n")
    server = HTTPServer("--auth-jwks", auth.jwks_url, "--auth-issuer", ISSUER, "--auth-audience", AUDIENCE,
                        "--auth-token-file", str(tokens))
    down = HTTPServer("--auth-jwks", "http://127.0.0.1:9/jwks.json", "--auth-issuer", ISSUER,
                      "--auth-audience", AUDIENCE, "--auth-token-file", str(tokens))
    try:
        status, headers, _ = post(server, INITIALIZE, bearer(auth.mint(exp=int(time.time()) - 3600)))
        assert status == 401
        assert "expired" in headers["www-authenticate"], headers["www-authenticate"]
        assert post(server, INITIALIZE, bearer("static-token-0123456789abcdef"))[0] == 200
        status, headers, _ = post(down, INITIALIZE, bearer(auth.mint()))
        assert status == 503 and headers.get("retry-after") == "5"
        # The static token still works while the key set is down.
        assert post(down, INITIALIZE, bearer("static-token-0123456789abcdef"))[0] == 200
    finally:
        server.stop()
        down.stop()


def test_static_tokens_alone_serve_no_oauth_metadata(tmp_path):
    """RFC 9728 metadata needs a resource and names authorization servers: static tokens have neither, so the
    challenge is a plain Bearer one and the well-known path is not served."""
    tokens = tmp_path / "tokens"
    tokens.write_text("static-token-0123456789abcdef carol\n")
    server = HTTPServer("--auth-token-file", str(tokens))
    try:
        status, headers, _ = post(server, INITIALIZE)
        assert status == 401
        assert "resource_metadata" not in headers["www-authenticate"], headers["www-authenticate"]
        assert headers["www-authenticate"].startswith("Bearer")
        assert post(server, None, method="GET", path="/.well-known/oauth-protected-resource")[0] == 404
    finally:
        server.stop()


def test_a_token_is_checked_against_every_key_of_its_kid_or_every_key_without_one(auth):
    """A set may list an EC and an RSA key under one kid, and a token may carry no kid: each usable key is tried
    (jwt-kit alone keeps the last key of a kid and checks a kid-less token against the first key only)."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from jwt.algorithms import ECAlgorithm

    second = new_key()
    ec_entry = ECAlgorithm.to_jwk(ec.generate_private_key(ec.SECP256R1()).public_key(), as_dict=True)
    ec_entry.update({"kid": "dup", "alg": "ES256", "use": "sig"})
    auth.extra = [jwk(second, "k2"), ec_entry]
    duplicate = new_key()
    auth.extra.append(jwk(duplicate, "dup"))
    server = HTTPServer("--auth-jwks", auth.jwks_url, "--auth-issuer", ISSUER, "--auth-audience", AUDIENCE)
    try:
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "alice", "exp": now + 600}
        no_kid = jwt.encode(claims, second, algorithm="RS256")
        assert post(server, INITIALIZE, bearer(no_kid))[0] == 200
        same_kid = jwt.encode(claims, duplicate, algorithm="RS256", headers={"kid": "dup"})
        assert post(server, INITIALIZE, bearer(same_kid))[0] == 200
        forged = jwt.encode(claims, new_key(), algorithm="RS256")
        assert post(server, INITIALIZE, bearer(forged))[0] == 401
    finally:
        server.stop()


def signed(key, header, payload_text):
    """A JWS over the header and the payload exactly as written (PyJWT would re-serialise them), RS256-signed."""
    import base64

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = f"{b64(json.dumps(header).encode())}.{b64(payload_text.encode())}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64(signature)}"


@pytest.mark.parametrize("case", ["alg none", "alg HS256", "alg PS256 on an RS256 key", "no alg", "crit",
                                  "sub twice", "exp past a double", "nbf past a double", "sub of a client",
                                  "empty sub"])
def test_a_validly_signed_token_with_a_lying_header_or_odd_claims_is_refused(protected, auth, case):
    """The signature is the key's own (RS256) in every case: what is refused is the header or the claims."""
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "alice", "scope": SCOPE, "exp": now + 600}
    header = {"kid": "k1", "alg": "RS256", "typ": "JWT"}
    payload = json.dumps(claims)
    if case.startswith("alg "):
        header["alg"] = case.split()[1]
    elif case == "no alg":
        del header["alg"]
    elif case == "crit":
        header.update({"crit": ["exp2"], "exp2": 1})
    elif case == "sub twice":
        payload = payload[:-1] + ', "sub": "admin"}'
    elif case == "exp past a double":
        payload = payload.replace(f'"exp": {now + 600}', '"exp": 1e400')
    elif case == "nbf past a double":
        payload = payload[:-1] + ', "nbf": -1e400}'
    elif case == "sub of a client":
        payload = json.dumps({**claims, "sub": "client:svc"})
    elif case == "empty sub":
        payload = json.dumps({**claims, "sub": ""})
    assert post(protected, INITIALIZE, bearer(signed(auth.keys["k1"], {"kid": "k1", "alg": "RS256"},
                                                      json.dumps(claims))))[0] == 200
    status, headers, body = post(protected, INITIALIZE, bearer(signed(auth.keys["k1"], header, payload)))
    assert status == 401, (case, body)
    assert 'error="invalid_token"' in headers["www-authenticate"]


def test_a_kid_forges_no_log_line_and_no_header_escape(protected, auth):
    """An unknown kid is the caller's text, read before any signature is checked: it reaches the log and the
    challenge as printable ASCII only."""
    forged = "x\n2026-01-01T00:00:00+0000 critical conductor-mcp-dynamic: FORGED\x1b[31m\x07\u202e"
    token = jwt.encode({"iss": ISSUER, "aud": AUDIENCE, "sub": "alice", "exp": int(time.time()) + 600},
                       auth.keys["k1"], algorithm="RS256", headers={"kid": forged})
    status, headers, body = post(protected, INITIALIZE, bearer(token))
    assert status == 401
    challenge = headers["www-authenticate"]
    assert all(0x20 <= ord(c) <= 0x7E for c in challenge), repr(challenge)
    log = protected.stderr()
    assert "unknown key id x?2026" in log
    assert not any(line.startswith("2026-01-01T00:00:00+0000 critical") for line in log.splitlines())
    assert "\x1b" not in log and "\x07" not in log and "\u202e" not in log


async def test_a_group_whose_name_holds_a_role_word_grants_nothing(tmp_path, auth):
    """A claim names a role only by a whole value (an element of a list); two roles named at once name none."""
    config = tmp_path / "policy.json"
    config.write_text(json.dumps({"roleMapping": {"claim": "groups", "unmatched": None}}))
    server = HTTPServer("--auth-jwks", auth.jwks_url, "--auth-issuer", ISSUER, "--auth-audience", AUDIENCE,
                        "--config", str(config), "--server", "http://127.0.0.1:9/api")
    delete = {"endpoint": "DELETE /api/metadata/workflow/{name}/{version}", "params": {"name": "w", "version": 1},
              "dry_run": True}
    try:
        async def answer(groups):
            async with mcp_http_session(server.url, headers=bearer(auth.mint(groups=groups))) as session:
                return await session.call_tool("invoke", delete)

        for groups in (["admin"], ["devs", "admin"]):
            result = await answer(groups)
            assert result.is_error is False, (groups, text_of(result))
        for groups in (["Readers of the admin guide"], ["devs admin-requests admin"], ["viewer", "admin"]):
            result = await answer(groups)
            assert result.is_error and "not allowed for role none" in text_of(result), (groups, text_of(result))
    finally:
        server.stop()


def test_a_key_removed_from_the_set_stops_verifying_once_the_set_is_older_than_its_max_age(auth):
    auth.keys["k2"] = new_key()
    server = HTTPServer("--auth-jwks", auth.jwks_url, "--auth-issuer", ISSUER, "--auth-audience", AUDIENCE,
                        "--auth-jwks-refresh", "1", "--auth-jwks-max-age", "2")
    try:
        assert post(server, INITIALIZE, bearer(auth.mint()))[0] == 200
        auth.published = ["k2"]  # k1 revoked
        assert post(server, INITIALIZE, bearer(auth.mint()))[0] == 200  # still within the max age
        time.sleep(2.2)
        # Past the max age the next token starts a fetch in the background (checked against the keys held): the
        # ones after it find k1 gone.
        deadline = time.monotonic() + 5
        status, headers, _ = post(server, INITIALIZE, bearer(auth.mint()))
        while status == 200 and time.monotonic() < deadline:
            time.sleep(0.05)
            status, headers, _ = post(server, INITIALIZE, bearer(auth.mint()))
        assert status == 401 and "unknown key id k1" in headers["www-authenticate"]
        assert post(server, INITIALIZE, bearer(auth.mint(kid="k2")))[0] == 200
        # A set that is read but holds no usable key withdraws every key (only a failed fetch keeps them).
        auth.published = []
        time.sleep(2.2)
        deadline = time.monotonic() + 5
        status = post(server, INITIALIZE, bearer(auth.mint(kid="k2")))[0]
        while status == 200 and time.monotonic() < deadline:
            time.sleep(0.05)
            status = post(server, INITIALIZE, bearer(auth.mint(kid="k2")))[0]
        assert status in (401, 503), status
    finally:
        server.stop()
