#!/usr/bin/env bash
# Runs the Conductor Python SDK interoperability test against conductor-emulator.
#
# Usage: tests/emulator/run.sh PATH_TO_conductor-emulator
# Creates .venv-emu at the repository root (python3 -m venv) with the pinned SDK, starts two
# emulators on free ports (one open, one with --auth and a 2 s token TTL), runs the test, stops
# both, and exits non-zero when a test failed. Emulator logs: .build/emulator-interop-*.log
set -euo pipefail

BINARY=${1:?usage: tests/emulator/run.sh PATH_TO_conductor-emulator}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")
SDK_VERSION=2.0.0
VENV="$ROOT/.venv-emu"
LOGS="$ROOT/.build"
mkdir -p "$LOGS"

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import importlib.metadata as m; assert m.version('conductor-python') == '$SDK_VERSION'" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "conductor-python==$SDK_VERSION"
fi

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT

# Starts the emulator with the given flags; sets PORT from its `listening on HOST:PORT` line.
start_emulator() {
    local name=$1
    shift
    local out="$LOGS/emulator-interop-$name.out"
    "$BINARY" --host 127.0.0.1 --port 0 "$@" >"$out" 2>"$LOGS/emulator-interop-$name.log" &
    PIDS+=($!)
    PORT=""
    for _ in $(seq 1 100); do
        PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$out")
        [ -n "$PORT" ] && return 0
        sleep 0.1
    done
    echo "emulator '$name' did not report a port; log:" >&2
    cat "$LOGS/emulator-interop-$name.log" >&2
    exit 1
}

start_emulator open
OPEN_PORT=$PORT
start_emulator auth --auth emu-key:emu-secret --token-ttl 2
AUTH_PORT=$PORT

cd "$ROOT"
EMULATOR_URL="http://127.0.0.1:$OPEN_PORT" EMULATOR_AUTH_URL="http://127.0.0.1:$AUTH_PORT" \
    "$VENV/bin/python" tests/emulator/test_conductor_python.py
