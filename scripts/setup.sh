#!/usr/bin/env bash
# Set up SAKIP in .venv at the repository root. Safe to run again at any time.
#
#   scripts/setup.sh          # the application (requirements/base.txt)
#   scripts/setup.sh --test   # also the test tools (requirements/test.txt) and
#                             # the Debian packages the tests need
#
# Installs uv with pip when it is missing, creates .venv with Python 3.11,
# makes .venv match the lock file exactly (`uv pip sync`) and installs this
# project into it in editable mode, which provides .venv/bin/sakip. A .venv
# that has the test tools (.venv/bin/pytest) is always synced with test.txt.
# With --test it installs, when missing: chromium (the browser tests drive
# /usr/bin/chromium), fonts-dejavu-core and poppler-utils (PDF tests) and the
# PostgreSQL 15 server (scripts/pg-cluster.sh). That part needs root or sudo.
set -Eeuo pipefail
trap 'echo "setup: error: \"$BASH_COMMAND\" failed (exit $?, line $LINENO)." >&2' ERR

cd "$(dirname "${BASH_SOURCE[0]}")/.."

with_test=0
for arg in "$@"; do
    case $arg in
        --test) with_test=1 ;;
        -h | --help)
            sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "setup: error: unknown argument '$arg'; expected --test." >&2
            exit 2
            ;;
    esac
done

say() {
    echo "setup: $*"
}

fail() {
    echo "setup: error: $*" >&2
    exit 1
}

# Debian packages for the tests, each with a file that shows it is installed.
TEST_PACKAGES=(
    "chromium /usr/bin/chromium"
    "fonts-dejavu-core /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    "poppler-utils /usr/bin/pdftotext"
    "postgresql /usr/lib/postgresql/15/bin/initdb"
)

install_debian_packages() {
    local missing=() entry package path
    for entry in "${TEST_PACKAGES[@]}"; do
        read -r package path <<<"$entry"
        [[ -e $path ]] || missing+=("$package")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        say "Debian packages for the tests are installed"
        return 0
    fi

    local sudo=()
    if [[ $EUID -ne 0 ]]; then
        command -v sudo >/dev/null ||
            fail "missing Debian packages: ${missing[*]}." \
                "Run as root, or install them: apt-get install ${missing[*]}"
        sudo=(sudo)
    fi

    # apt and dpkg write many lines even with -qq, so they go to a log that is
    # shown only when the installation fails.
    local log
    log=$(mktemp /tmp/sakip-apt.XXXXXX.log)
    say "installing Debian packages: ${missing[*]}"
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        sh -c 'apt-get update -qq && apt-get install -y -qq "$@"' \
        apt-get "${missing[@]}" >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        fail "apt-get failed; the full output is in $log."
    fi
    rm -f "$log"

    for entry in "${TEST_PACKAGES[@]}"; do
        read -r package path <<<"$entry"
        [[ -e $path ]] || fail "$package is installed but $path is missing."
    done
}

# uv: the one on PATH, else the one pip installed as a module.
if command -v uv >/dev/null; then
    uv=(uv)
else
    if ! python3 -m uv --version >/dev/null 2>&1; then
        say "installing uv with pip"
        python3 -m pip install --quiet --disable-pip-version-check \
            --root-user-action=ignore uv
    fi
    uv=(python3 -m uv)
fi

if [[ ! -x .venv/bin/python ]]; then
    say "creating .venv with Python 3.11"
    "${uv[@]}" venv --quiet --no-python-downloads --python 3.11 .venv
elif ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    say "recreating .venv, which does not run Python 3.11"
    "${uv[@]}" venv --quiet --clear --no-python-downloads --python 3.11 .venv
fi

# A .venv that already has the test tools keeps them, so that scripts/run.sh
# does not uninstall what scripts/test.sh installed.
if [[ $with_test -eq 1 || -x .venv/bin/pytest ]]; then
    lock=requirements/test.txt
else
    lock=requirements/base.txt
fi
say "installing $lock into .venv"
# `sync` removes what the lock file does not list, this project included, so
# the editable install follows it every time.
"${uv[@]}" pip sync --quiet --python .venv/bin/python "$lock"
"${uv[@]}" pip install --quiet --python .venv/bin/python --no-deps -e .
[[ -x .venv/bin/sakip ]] || fail ".venv/bin/sakip is missing after the install."

# The default SQLite database and uploaded files live here (sakip/settings).
mkdir -p "${SAKIP_VAR_DIR:-var}"

if [[ $with_test -eq 1 ]]; then
    install_debian_packages
fi

say "done: .venv/bin/sakip is ready"
