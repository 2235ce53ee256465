#!/usr/bin/env bash
# Runs the Conductor Python SDK interoperability test against conductor-emulator.
#
# Usage: Tests/Python/emulator/run.sh PATH_TO_conductor-emulator
# Creates .venv-emu at the repository root (python3 -m venv) with the pinned SDK and pytest; the
# test module starts the emulators it needs on free ports from that binary and stops them.
# Exits non-zero when a test failed. Emulator logs: .build/emulator-interop-{open,auth}.log
set -euo pipefail

BINARY=${1:?usage: Tests/Python/emulator/run.sh PATH_TO_conductor-emulator}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")
[ -x "$BINARY" ] || { echo "not an executable: $BINARY" >&2; exit 2; }
VENV="$ROOT/.venv-emu"
REQUIREMENTS=("conductor-python==2.0.0" "pytest==9.2.0")

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check "${REQUIREMENTS[@]}"

mkdir -p "$ROOT/.build"
cd "$ROOT"
CONDUCTOR_EMULATOR_BIN="$BINARY" "$VENV/bin/python" -m pytest -q -p no:cacheprovider Tests/Python/emulator
