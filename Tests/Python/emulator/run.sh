#!/usr/bin/env bash
# Runs the Conductor Python SDK interoperability test against conductor-emulator.
#
# Usage: Tests/Python/emulator/run.sh PATH_TO_conductor-emulator
# Uses the one test environment, .venv-test at the repository root (python3 -m venv), with the pinned clients of
# Tests/Python/requirements.txt; the test module starts the emulators it needs on free ports and stops them.
# Exits non-zero when a test failed. Emulator logs: .build/emulator-interop-{open,auth}.log
set -euo pipefail

BINARY=${1:?usage: Tests/Python/emulator/run.sh PATH_TO_conductor-emulator}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")
[ -x "$BINARY" ] || { echo "not an executable: $BINARY" >&2; exit 2; }
VENV="$ROOT/.venv-test"

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/Tests/Python/requirements.txt"

mkdir -p "$ROOT/.build"
cd "$ROOT"
CONDUCTOR_EMULATOR_BIN="$BINARY" "$VENV/bin/python" -m pytest -q -p no:cacheprovider Tests/Python/emulator
