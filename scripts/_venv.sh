# Sourced by scripts/run, scripts/test and .ci/run: make sure .venv exists and matches the pinned
# requirements, reinstalling only when a requirements file (or the loopback Discord's
# pyproject.toml, which declares its dependencies and its pytest plugin) changed since the last install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${LANTERN_VENV:-$ROOT/.venv}"
REQS="$1"

find_python() {
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "$candidate"; return 0
    fi
  done
  echo "error: Lantern needs Python 3.11 or newer on PATH" >&2; return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating the virtual environment in $VENV (first run only)..." >&2
  # --clear: a venv whose Python went away (say, upgraded) is rebuilt from nothing, its install
  # stamps included, so the install below is not skipped for an empty site-packages.
  "$(find_python)" -m venv --clear "$VENV"
fi
stamp="$VENV/.installed-$(basename "$REQS")"
digest="$(cat "$ROOT"/requirements*.txt "$ROOT"/loopback-discord/pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
  echo "Installing pinned requirements from $(basename "$REQS")..." >&2
  # From $ROOT: requirements.txt names the loopback Discord by a path relative to pip's folder.
  (cd "$ROOT" && "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQS")
  echo "$digest" > "$stamp"
fi
