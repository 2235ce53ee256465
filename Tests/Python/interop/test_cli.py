"""The command line runs the same tools as the server: search, inspect, invoke and check, with exit codes."""
import json
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
