#!/usr/bin/env bash
# Creates (or refreshes) the project-local Python virtualenv that holds the AWS emulator (moto
# server). Idempotent: it reinstalls only when the requirement files change. Prints the venv path.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="${ICEFLOW_VENV:-$root/.local/venv}"
requirements="$root/tools/local/python/requirements.txt"
constraints="$root/tools/local/python/constraints.txt"
stamp="$venv/.iceflow-requirements.sha256"

python="${PYTHON:-python3}"
command -v "$python" >/dev/null || { echo "ensure-venv: $python not found; install Python 3.9+" >&2; exit 1; }

wanted="$(cat "$requirements" "$constraints" | sha256sum | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
  echo "$venv"
  exit 0
fi

echo "ensure-venv: installing the AWS emulator into $venv (once)" >&2
mkdir -p "$(dirname "$venv")"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" -c "$constraints" >&2
echo "$wanted" > "$stamp"
echo "$venv"
