# Sourced by scripts/test and scripts/quickstart: make sure accountmap runs in a virtual
# environment. An active one ($VIRTUAL_ENV) is used as it is; otherwise the project's own .venv
# is created (on Debian, whose Python is "externally managed" (PEP 668) and whose venv module
# lives in the python3-venv package, that package is installed first when we are root) and put
# first on PATH. Afterwards `python` and `pip` are the environment's.
# shellcheck shell=bash
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${VIRTUAL_ENV:-}" ]; then
  if [ ! -x "$_root/.venv/bin/python" ]; then
    if ! python3 -m venv "$_root/.venv" >/dev/null 2>&1; then
      rm -rf "$_root/.venv"
      if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "scripts: installing Debian's python3-venv to create .venv" >&2
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv) \
          >/dev/null 2>&1 || true
      fi
      python3 -m venv "$_root/.venv" || {
        echo "scripts: cannot create a virtual environment: install python3-venv (Debian) or activate one" >&2
        exit 1
      }
    fi
  fi
  export VIRTUAL_ENV="$_root/.venv"
  export PATH="$VIRTUAL_ENV/bin:$PATH"
fi
unset _root
