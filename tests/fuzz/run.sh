#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make fuzz: runs each libFuzzer target for SECONDS (default 180) on a corpus
# seeded from the test fixtures and ../shared/corpus, and prints executions and
# coverage per target. Crashes land in BUILD/fuzz-crashes/TARGET/; turn each into
# a fixture and a regression test. Exit status 1 when any target crashed.
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS] [TARGET...]
set -u
build=$1
seconds=${2:-180}
shift 2 2>/dev/null || shift $#
targets=${*:-fuzz-native fuzz-simile fuzz-timeline-project fuzz-date fuzz-list}
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=$root/../shared
status=0

seed () {
  dir=$1; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/" 2>/dev/null; done
  return 0
}

printf '%-24s %12s %10s %8s %8s  %s\n' target executions exec/s cov features result
for target in $targets; do
  corpus=$build/fuzz-corpus/$target
  crashes=$build/fuzz-crashes/$target
  mkdir -p "$crashes"
  case $target in
    fuzz-date)
      mkdir -p "$corpus"
      for d in 2018 2026-09 1999-06-12 2026-02-19T07:05 1963-11-22T12:30:00-06:00 -0199 \
               "Fri Nov 22 1963 12:30:00 GMT-0600" "Nov 14 1840 00:00:00 GMT" "200 BC" 6; do
        printf '%s' "$d" > "$corpus/$(printf '%s' "$d" | md5sum | cut -c1-12)"
      done ;;
    fuzz-simile) seed "$corpus" "$root"/tests/data/simile-*.xml "$shared"/corpus/simile/*.xml ;;
    fuzz-timeline-project) seed "$corpus" "$root"/tests/data/*.timeline ;;
    *) seed "$corpus" "$root"/tests/data/*.xml "$root"/tests/data/*.timeline "$root"/data/nato-2026.xml \
            "$shared"/corpus/simile/*.xml ;;
  esac
  log=$build/fuzz-$target.log
  ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
  LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*')
  if [ "$rc" -eq 0 ]; then result=ok; else result="CRASH (see $log and $crashes)"; status=1; fi
  printf '%-24s %12s %10s %8s %8s  %s\n' "$target" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
exit $status
