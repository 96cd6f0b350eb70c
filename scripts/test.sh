#!/usr/bin/env bash
# The README's second command: installs and starts what the tests need, then runs the whole
# suite (static checks, unit tests, end-to-end suites on real Docker) and ends with the line
# "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=prepare.sh
. "$root/scripts/prepare.sh" chromium postgresql || exit $?
set +e

mkdir -p "$root/.build/test"
results="$root/.build/test"
rm -f "$results"/*.tap

step "images and secrets"
identity images ensure || exit $?
identity secrets init --profile demo >/dev/null || exit $?

passed=0
failed=0

# Runs node's test runner over some files: spec output for people, TAP into a file for counting.
run_suite() {
  local name=$1
  shift
  step "tests: $name"
  node --disable-warning=ExperimentalWarning --test \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$results/$name.tap" "$@"
  local pass fail cancelled
  pass=$(grep -E '^# pass ' "$results/$name.tap" | tail -n 1 | awk '{print $3}')
  fail=$(grep -E '^# fail ' "$results/$name.tap" | tail -n 1 | awk '{print $3}')
  # A test cancelled because its suite's set-up failed did not pass: it counts as failed.
  cancelled=$(grep -E '^# cancelled ' "$results/$name.tap" | tail -n 1 | awk '{print $3}')
  passed=$((passed + ${pass:-0}))
  failed=$((failed + ${fail:-1} + ${cancelled:-0}))
}

# A static gate counts as one test: it passes or it fails.
run_gate() {
  local name=$1
  shift
  step "check: $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

run_gate "typecheck" npm run --silent typecheck
run_gate "format" npm run --silent format:check
run_gate "bundles match the model" identity render --check

run_suite unit 'src/**/*.test.ts' 'services/**/*.test.ts'
run_suite e2e --test-concurrency=1 'test/e2e/**/*.test.ts'

step "summary"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
