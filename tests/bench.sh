#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench: generates datasets of 10 000, 100 000 and 1 000 000 events (kept
# between runs, they are deterministic), measures each with annals-bench and
# writes bench.json: {"cores": C, "runs": [...]}.
# Usage: tests/bench.sh BUILD_DIR [SIZES...]
set -eu
build=$1
shift
sizes=${*:-10000 100000 1000000}
gen=$build/tests/annals-gen
bench=$build/tests/annals-bench
annals=$build/app/cli/annals
[ -x "$annals" ] || annals=$build/app/annals
data=$build/bench-data
mkdir -p "$data"
cores=$(nproc)

echo "annals bench on $cores cores ($(uname -m)), 1920x1080 frames, medians of several runs" >&2
runs=""
for n in $sizes; do
  file=$data/events-$n.xml
  if [ ! -s "$file" ]; then
    echo "generating $n events..." >&2
    "$gen" --events "$n" --tracks 12 --years 30 --seed 1 -o "$file.tmp"
    mv "$file.tmp" "$file"
  fi
  run=$("$bench" "$annals" "$file" "$n")
  runs="${runs:+$runs,
    }$run"
done

printf '{"cores": %s, "runs": [\n    %s\n]}\n' "$cores" "$runs" > bench.json
echo "wrote bench.json" >&2
