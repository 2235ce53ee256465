"""The command line runs the same tools as the server: search, inspect, invoke and check, with exit codes."""
import json
import os
import subprocess

from conftest import SERVER, SPECS


def run(*args):
    return subprocess.run([str(SERVER), *args], capture_output=True, text=True, timeout=60)


def test_search_prints_ranked_endpoints():
    proc = run("search", "suspend a running workflow", "--limit", "3")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1].startswith("PUT /api/workflow/{workflowId}/pause — Pauses the workflow")


def test_inspect_prints_the_report_and_json_on_request():
    proc = run("inspect", "PUT /api/workflow/{workflowId}/pause")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("PUT /api/workflow/{workflowId}/pause — Pauses the workflow")
    structured = json.loads(run("inspect", "pauseWorkflow", "--json").stdout)
    assert structured["example"]["params"] == {"workflowId": "<workflowId>"}


def test_errors_go_to_stderr_with_exit_code_1():
    proc = run("inspect", "GET /nope")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Unknown endpoint \"GET /nope\"" in proc.stderr


def test_a_directory_as_stdin_is_an_error_not_an_empty_session(tmp_path):
    directory = os.open(tmp_path, os.O_RDONLY)
    try:
        proc = subprocess.run([str(SERVER)], stdin=directory, capture_output=True, text=True, timeout=60)
    finally:
        os.close(directory)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "stdin is a directory" in proc.stderr


def test_invoke_dry_run_shows_the_request_without_a_server():
    proc = run("invoke", "DELETE /api/workflow/{workflowId}", "--params", '{"workflowId": "a/b", "reason": "done"}',
               "--dry-run", "--server", "http://127.0.0.1:9/api")
    assert proc.returncode == 0, proc.stderr
    assert "DELETE http://127.0.0.1:9/api/workflow/a%2Fb?reason=done" in proc.stdout


def test_check_counts_a_real_document_and_its_diagnostics():
    proc = run("check", "--spec", str(SPECS["orkes"]))
    assert proc.returncode == 0, proc.stderr
    assert "272 endpoints, 196 schemas" in proc.stdout
    assert "undeclared-path-parameter 3" in proc.stdout


def test_bad_flags_are_refused_with_a_usage_message():
    proc = run("invoke", "GET /health", "--server", "ftp://host")
    assert proc.returncode != 0
    assert "only http and https are requested" in proc.stderr


def test_diff_exit_codes_and_json():
    proc = run("diff", str(SPECS["netflix"]), str(SPECS["oss"]))
    assert proc.returncode == 1, proc.stderr
    assert "[breaking]" in proc.stdout
    golden = (SPECS["oss"].parent.parent / "Fixtures" / "golden" / "diff" / "netflix-to-oss.txt").read_text()
    assert proc.stdout.strip() == golden.strip()
    same = run("diff", str(SPECS["orkes"]), str(SPECS["orkes"]), "--json")
    assert same.returncode == 0, same.stderr
    assert json.loads(same.stdout)["breaking"] == 0
    missing = run("diff", "/no/such.json", str(SPECS["oss"]))
    assert missing.returncode == 2 and "Cannot read" in missing.stderr


def test_shared_options_may_come_before_the_subcommand():
    before = run("--spec", str(SPECS["orkes"]), "--log-level", "error", "search", "list applications", "--limit", "1")
    after = run("search", "--spec", str(SPECS["orkes"]), "list applications", "--limit", "1")
    assert before.returncode == 0, before.stderr
    assert before.stdout == after.stdout
    assert "/api/applications" in before.stdout
    assert before.stderr == ""


def test_option_values_are_checked_when_parsed_and_never_echo_a_header():
    level = run("--log-level", "loud", "search", "x")
    assert level.returncode != 0 and "'loud' is invalid for '--log-level" in level.stderr
    assert "warning" in level.stderr  # the choices are listed
    method = run("search", "x", "--method", "FETCH")
    assert method.returncode != 0 and "'FETCH' is invalid for '--method" in method.stderr
    header = run("--header", "Authorization Bearer s3cr3t-value", "search", "x")
    assert header.returncode != 0 and "--header: a header (" in header.stderr
    assert "s3cr3t" not in header.stderr + header.stdout
    server = run("search", "x", "--server", "http://user:pa55w0rd@127.0.0.1:8080")
    assert server.returncode != 0 and "--server:" in server.stderr
    assert "pa55w0rd" not in server.stderr
    ignored = run("--role", "viewer", "diff", str(SPECS["oss"]), str(SPECS["oss"]))
    assert ignored.returncode != 0 and "--role does not apply" in ignored.stderr


def test_the_emulator_refuses_a_bad_log_level():
    from conftest import EMULATOR
    proc = subprocess.run([str(EMULATOR), "--port", "0", "--log-level", "chatty"], capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode != 0
    assert "'chatty' is invalid for '--log-level" in proc.stderr


def test_diff_honours_spec_timeout_before_or_after_the_subcommand():
    import socket
    import threading
    import time
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    held = []

    def accept():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)  # read nothing, answer nothing: a stalled server

    threading.Thread(target=accept, daemon=True).start()
    try:
        for args in (["diff", "--spec-timeout", "1"], ["--spec-timeout", "1", "diff"]):
            start = time.monotonic()
            proc = run(*args, f"http://127.0.0.1:{port}/api-docs", str(SPECS["oss"]))
            assert proc.returncode == 2, proc.stderr
            assert "within 1 s" in proc.stderr
            assert time.monotonic() - start < 8
    finally:
        listener.close()
        for conn in held:
            conn.close()


def test_the_cli_can_confirm_and_names_its_own_flags():
    refused = run("invoke", "DELETE /api/metadata/workflow/{name}/{version}", "--params",
                  '{"name": "x", "version": 1}', "--confirm-destructive", "--server", "http://127.0.0.1:9")
    assert refused.returncode == 1
    assert "with --dry-run, then call conductor-mcp-dynamic invoke again" in refused.stderr
    assert "--confirm." in refused.stderr
    confirmed = run("invoke", "DELETE /api/metadata/workflow/{name}/{version}", "--params",
                    '{"name": "x", "version": 1}', "--confirm-destructive", "--confirm", "--server", "http://127.0.0.1:9")
    assert "needs confirmation" not in confirmed.stderr
    assert "Connection refused" in confirmed.stderr  # it was sent (to a closed port)
    budget = run("invoke", "GET /health", "--max-chars", "100")
    assert budget.returncode != 0 and "--max-chars must be between 200 and 200000" in budget.stderr


def test_a_spec_setting_that_names_no_readable_document_is_refused():
    """An empty name would silently mean the bundled document; a file:// or ftp:// URL would read as a missing
    file; an http URL with a space would be percent-encoded into another URL."""
    for spec, expected in [("", "is empty"), ("file:///etc/passwd", "is a file URL"),
                           ("ftp://127.0.0.1/spec.json", "is a ftp URL"),
                           ("http://127.0.0.1:9/a b", "contains a space"),
                           ("http://127.0.0.1:99999/api-docs", "outside 1–65535")]:
        proc = run("check", "--spec", spec)
        assert proc.returncode == 1 and expected in proc.stderr, (spec, proc.stderr)
    proc = run("diff", "", SPECS["oss"])
    assert proc.returncode == 2 and "is empty" in proc.stderr


def test_spec_refresh_on_a_file_is_a_usage_error_not_a_crash():
    proc = subprocess.run([str(SERVER), "serve", "--spec-refresh", "5s"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 64, proc.stderr
    assert "--spec-refresh needs a URL --spec" in proc.stderr


def test_an_audit_log_fifo_nobody_reads_is_refused_at_once(tmp_path):
    fifo = tmp_path / "audit"
    os.mkfifo(fifo)
    proc = run("--audit-log", str(fifo), "invoke", "getAll", "--dry-run")
    assert proc.returncode != 0
    assert "a FIFO that no process reads" in proc.stderr


def test_fields_as_the_footer_writes_them_work_on_the_command_line(emulator):
    definitions = [{"name": f"task_{i}", "retryCount": 3, "ownerEmail": "a@b.com", "timeoutSeconds": 600,
                    "totalTimeoutSeconds": 600, "responseTimeoutSeconds": 300,
                    "description": f"task {i} with a description long enough to be cut"} for i in range(40)]
    created = run("invoke", "POST /api/metadata/taskdefs", "--server", emulator.url,
                  "--body", json.dumps(definitions))
    assert created.returncode == 0, created.stderr
    answer = run("invoke", "GET /api/metadata/taskdefs", "--server", emulator.url, "--max-chars", "1500")
    assert answer.returncode == 0, answer.stderr
    # The footer names the paths in the form the command line takes: a JSON array after --fields=.
    suggested = answer.stdout.split("more: --fields=", 1)[1].split("] shows", 1)[0] + "]"
    paths = json.loads(suggested)
    assert paths and all(path.startswith("[].") for path in paths)
    projected = run("invoke", "GET /api/metadata/taskdefs", "--server", emulator.url, "--max-chars", "1500",
                    f"--fields={suggested}")
    assert projected.returncode == 0, projected.stderr
    assert "is invalid" not in projected.stdout + projected.stderr
    assert paths[0][3:] in projected.stdout and "description" not in projected.stdout.split("---")[0]
    # Repeated flags, a path that starts with a bracket, and a JSON array mix.
    mixed = run("invoke", "GET /api/metadata/taskdefs", "--server", emulator.url, "--max-chars", "3000",
                "--fields", "[].name", "--fields", '["[].retryCount"]')
    assert mixed.returncode == 0, mixed.stderr
    assert "task_39" in mixed.stdout and "retryCount" in mixed.stdout and "ownerEmail" not in mixed.stdout
