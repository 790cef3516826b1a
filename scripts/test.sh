#!/usr/bin/env bash
# Run the whole test suite, as CI does.
#
#   scripts/test.sh [PYTEST_ARGS...]
#
# Sets everything up (scripts/setup.sh --test), then runs in turn: ruff check,
# ruff format --check, a check for missing migrations, pytest on SQLite, and
# pytest on a throwaway PostgreSQL cluster (scripts/pg-cluster.sh) that is
# deleted at the end. PYTEST_ARGS go to both pytest runs. Every step runs even
# when an earlier one fails; the exit status is 1 when any step failed.
# The browser tests need Chromium and the second run needs PostgreSQL: when
# either is missing, the run fails rather than skipping them.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh --test

export DJANGO_SETTINGS_MODULE=sakip.settings.test
# Playwright's sync API keeps an asyncio event loop in the test thread, and
# Django rejects database calls from such a thread unless this is set.
export DJANGO_ALLOW_ASYNC_UNSAFE=true

work=$(mktemp -d /tmp/sakip-test.XXXXXX)
# A directory of its own, because pg-cluster.sh hands it to the postgres user.
pg_dir=$(mktemp -d /tmp/sakip-pg.XXXXXX)
cleanup() {
    # The directory is still empty when the cluster failed to start early.
    rmdir -- "$pg_dir" 2>/dev/null || bash scripts/pg-cluster.sh stop "$pg_dir" || true
    rm -rf -- "$work"
}
trap cleanup EXIT
# Ctrl+C ends the whole run, not only the step that is running.
trap 'echo "test: interrupted"; exit 130' INT

failed=()
run_step() {
    local name=$1
    shift
    local started=$SECONDS status=0
    echo
    echo "==> $name"
    "$@" || status=$?
    if [[ $status -eq 0 ]]; then
        echo "==> $name: passed in $((SECONDS - started)) s"
        return 0
    fi
    if [[ $status -eq 5 && $1 == pytest_on ]]; then
        echo "==> $name: FAILED, no test ran (pytest exit 5)"
    else
        echo "==> $name: FAILED with exit status $status"
    fi
    failed+=("$name")
}

# Each pytest run keeps its SQLite file and uploaded files in $work, never in
# the developer's var/.
pytest_on() {
    local database_url=$1 var_dir=$2
    shift 2
    mkdir -p "$var_dir"
    DATABASE_URL=$database_url SAKIP_VAR_DIR=$var_dir .venv/bin/pytest "$@"
}

run_step "ruff check" .venv/bin/ruff check .
run_step "ruff format --check" .venv/bin/ruff format --check .
run_step "makemigrations --check" env DATABASE_URL="sqlite:///$work/check.sqlite3" \
    .venv/bin/sakip makemigrations --check --dry-run
run_step "pytest on SQLite" pytest_on "sqlite:///$work/sakip.sqlite3" \
    "$work/var-sqlite" "$@"

echo
echo "==> starting a PostgreSQL cluster in $pg_dir"
if database_url=$(bash scripts/pg-cluster.sh start "$pg_dir"); then
    run_step "pytest on PostgreSQL" pytest_on "$database_url" \
        "$work/var-postgres" "$@"
else
    echo "==> PostgreSQL: FAILED to start the cluster"
    failed+=("PostgreSQL cluster")
fi

echo
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "test: FAILED steps: $(printf '%s; ' "${failed[@]}")total ${SECONDS} s"
    exit 1
fi
echo "test: all steps passed in ${SECONDS} s"
