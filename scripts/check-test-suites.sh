#!/usr/bin/env bash
# Checks that a CTest build ran every suite CI expects, so that a suite which quietly failed to
# register (a configure probe that turned the Python package off, a missing CLI target) fails
# CI instead of leaving it green:
#
#   scripts/check-test-suites.sh [--registered] BUILD_DIR
#
# - registered: `ctest -N` lists the C++ suite (nnaudio_tests' GoogleTest cases), the CLI suite
#   (cli.*) and the Python suite (python_tests);
# - ran (unless --registered): the last `ctest` run in BUILD_DIR (Testing/Temporary/LastTest.log)
#   ran every registered test and each suite passed at least one test; it prints how many tests
#   each suite passed and skipped, pytest's own summary and every pytest skip with its reason.
#
# Exits 1 with a line per missing suite. .ci/run and scripts/test-debian13.sh both call it.
set -euo pipefail

registered_only=0
if [[ ${1:-} == --registered ]]; then
  registered_only=1
  shift
fi
[[ $# == 1 ]] || { echo "usage: $0 [--registered] BUILD_DIR" >&2; exit 2; }
build=$1
failures=0
# `ctest -N` below rewrites LastTest.log: read the last run's log first, and put it back after.
log=$build/Testing/Temporary/LastTest.log
last_run=$(cat "$log" 2>/dev/null || true)
saved_log=$(mktemp)
trap 'rm -f "$saved_log"' EXIT
[[ -f $log ]] && cp -p "$log" "$saved_log"
fail() {
  echo "check-test-suites: FAILED: $*" >&2
  failures=$((failures + 1))
}

# "  Test  #12: Name" lines -> names
listed=$(ctest --test-dir "$build" -N | sed -nE 's/^ *Test +#[0-9]+: +([^ ]+).*/\1/p')
[[ -s $saved_log ]] && cp -p "$saved_log" "$log"
count() { grep -cE "$1" <<<"$2" || true; }
cpp_pattern='^[A-Z][A-Za-z0-9_]*(/[A-Za-z0-9_]+)?\.[A-Za-z0-9_/]+$'
declare -A patterns=([C++]="$cpp_pattern" [CLI]='^cli\.' [Python]='^python_tests$')
for suite in C++ CLI Python; do
  n=$(count "${patterns[$suite]}" "$listed")
  if [[ $n == 0 ]]; then
    fail "the $suite suite is not registered with CTest in $build (see the configure warnings)"
  else
    echo "check-test-suites: $suite suite: $n tests registered"
  fi
done

if [[ $registered_only == 0 ]]; then
  if [[ -z $last_run ]]; then
    fail "no ctest run in $build ($log is missing or empty)"
  else
    total=$(grep -c . <<<"$listed")
    ran=$(grep -cE '^[0-9]+/[0-9]+ Testing: ' <<<"$last_run" || true)
    [[ $ran == "$total" ]] ||
      fail "the last ctest run ran $ran of the $total registered tests"
    # Each test's block starts "N/M Testing: NAME" and ends in "Test Passed.", "Test Failed."
    # or, for a GoogleTest skip (gtest_discover_tests' SKIP_REGULAR_EXPRESSION), "Skip regular
    # expression found in output".
    results=$(awk '/^[0-9]+\/[0-9]+ Testing: /{name=$3}
                   /^Test Passed\./{print name, "passed"}
                   /^Skip regular expression found/{print name, "skipped"}
                   /^Test Failed\./{print name, "failed"}' <<<"$last_run")
    for suite in C++ CLI Python; do
      mine=$(pattern=${patterns[$suite]} awk '$1 ~ ENVIRON["pattern"] {print $2}' <<<"$results")
      passed=$(count '^passed$' "$mine")
      skipped=$(count '^skipped$' "$mine")
      failed=$(count '^failed$' "$mine")
      echo "check-test-suites: $suite suite: $passed passed, $skipped skipped, $failed failed"
      [[ $passed -gt 0 ]] || fail "the $suite suite passed no test in the last ctest run"
    done
    # pytest's summary line ("301 passed, 4 skipped in 80.2s") and its -rs skip reasons.
    summary=$(grep -E '^=* ?[0-9]+ (passed|failed)' <<<"$last_run" | tail -1 || true)
    echo "check-test-suites: pytest: ${summary:-no summary line found}"
    [[ -n $summary ]] || fail "pytest printed no summary (did python_tests run?)"
    grep -E '^SKIPPED ' <<<"$last_run" | sed 's/^/check-test-suites: pytest /' || true
  fi
fi

if [[ $failures != 0 ]]; then
  echo "check-test-suites: $failures problem(s): CI must run every suite" >&2
  exit 1
fi
echo "check-test-suites: OK"
