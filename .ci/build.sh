#!/usr/bin/env bash
# CI: build the one-folder bundle with PyInstaller (build.spec) and prove the built
# program works on its own: `loket --version` says the source's version, and
# `loket --self-check` migrates a fresh data dir, issues and calls a ticket and renders
# the display offscreen, run with an emptied environment (no Python, no venv, no user
# folders), as on a clean machine. Run it from .ci/run, inside the project's venv.
set -euo pipefail
cd "$(dirname "$0")/.."

export PIP_DISABLE_PIP_VERSION_CHECK=1
export QT_QPA_PLATFORM=offscreen

python -m pip install -q "pyinstaller>=6.10,<7"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== bundle (PyInstaller)"
start=$SECONDS
pyinstaller --noconfirm --clean --log-level WARN \
  --distpath "$work/dist" --workpath "$work/build" build.spec
echo "built in $((SECONDS - start)) s: $(du -sh "$work/dist/loket" | cut -f1) in dist/loket"

app="$work/dist/loket/loket"
want="loket $(python -c 'import loket; print(loket.__version__)')"
got="$("$app" --version)"
if [ "$got" != "$want" ]; then
  echo "bundle --version says '$got', the source says '$want'" >&2
  exit 1
fi
echo "$got"

echo "== bundle self-check (clean environment)"
mkdir -p "$work/home"
env -i HOME="$work/home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
  "$app" --self-check --data-dir "$work/self-check"
