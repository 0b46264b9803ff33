#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end tests of the headless command line: the real binary, no display.
# Usage: test-cli.sh PATH/TO/annals   (prints TAP)
set -u

annals=$1
root=${ANNALS_SOURCE_ROOT:-$(dirname "$0")/..}
nato=$root/data/nato-2026.xml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Prove it needs no display.
unset DISPLAY WAYLAND_DISPLAY

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for line in "$@"; do echo "# $line"; done; }
# check NAME COMMAND...: passes when the command succeeds
check () { name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name" "failed: $*"; fi; }

run () { "$annals" "$@" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/status"; }
run_fr () { LANGUAGE=fr "$annals" "$@" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/status"; }
status_is () { [ "$(cat "$tmp/status")" = "$1" ]; }
out_has () { grep -q -e "$1" "$tmp/out"; }
err_has () { grep -q -e "$1" "$tmp/err"; }

cat >"$tmp/good.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<timeline xmlns="urn:annals:timeline:1" version="1" tz="UTC">
  <title>Good</title>
  <track id="t" label="T"/>
  <event id="b" track="t" type="instant"><title>Second at the same time</title><start>2018</start></event>
  <event id="a" track="t" type="instant"><title>First by id</title><start>2018</start></event>
  <event id="shot" track="t" type="instant" status="reported">
    <title>Shot</title><start>1963-11-22T12:30:00-06:00</start>
  </event>
  <event id="bc" track="t" type="span"><title>Old</title><start>-0199</start><end>-0100</end></event>
  <event id="open" track="t" type="span" status="active">
    <title>Still running</title><start>2026-09</start>
  </event>
</timeline>
EOF

cat >"$tmp/bad.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<timeline xmlns="urn:annals:timeline:1" version="1">
  <title>Bad</title>
  <track id="t" label="T"/>
  <event id="a" track="nowhere" type="instant"><title>A</title><start>2018</start></event>
  <event id="b" track="t" type="instant"><title>B</title><start>2026-13-45</start></event>
</timeline>
EOF

echo "1..39"

run --version
check "--version exits 0" status_is 0
check "--version prints the version" out_has '^annals [0-9]'

run --help
check "--help exits 0" status_is 0
check "--help names every command" sh -c "grep -q -- --check '$tmp/out' && grep -q -- --list '$tmp/out' && grep -q -- --export '$tmp/out' && grep -q -- --convert '$tmp/out'"

run --check "$tmp/good.xml"
check "--check of a valid file exits 0" status_is 0
check "--check of a valid file says so" out_has 'valid, 5 events'

run --check "$tmp/bad.xml"
check "--check of invalid data exits 1" status_is 1
check "--check names file, line and column of a dangling track" out_has "bad.xml:5:[0-9]*: error: .*nowhere"
check "--check names the line of a bad date" out_has "bad.xml:6:[0-9]*: error: .*2026-13-45"

run --check "$tmp/does-not-exist.xml"
check "--check of a missing file exits 2" status_is 2
check "--check of a missing file says which" err_has "does-not-exist.xml"

run --list "$tmp/good.xml"
check "--list exits 0" status_is 0
check "--list sorts by start, then id" sh -c "cut -f1 '$tmp/out' | tr '\n' ' ' | grep -qx 'bc shot a b open '"
check "--list writes BCE years astronomically" out_has "^bc	span	-0199	-0100	confirmed	t	Old$"
check "--list writes times in UTC with their precision" out_has "^shot	instant	1963-11-22T18:30:00Z	-	reported	t	Shot$"
check "--list writes - for an absent end" out_has "^open	span	2026-09	-	active	t	Still running$"

run --list "$tmp/bad.xml"
check "--list of invalid data exits 1" status_is 1

if [ -f "$nato" ]; then
  run --check "$nato"
  check "the NATO dataset is valid" status_is 0
  run --list "$nato"
  check "the NATO dataset lists NATO Mission Iraq from 2018" out_has "	span	2018	2026-09	active	.*NATO Mission Iraq"
else
  not_ok "the NATO dataset is valid" "missing $nato"
  not_ok "the NATO dataset lists NATO Mission Iraq from 2018" "missing $nato"
fi

run --export "$tmp/out.png" "$tmp/good.xml"
check "--export PNG exits 0 with no display" status_is 0
check "--export writes a PNG" sh -c "head -c 8 '$tmp/out.png' | od -An -c | grep -q 'P   N   G'"

run --export "$tmp/fit.png" --height 0 "$tmp/good.xml"
fit_height=$(od -An -tu1 -j20 -N4 "$tmp/fit.png" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
check "--height 0 fits the picture to its tracks" [ "${fit_height:-0}" -gt 100 -a "${fit_height:-0}" -ne 900 ]

run --export "$tmp/out.txt" "$tmp/good.xml"
check "--export refuses an unknown extension" status_is 2

cp "$tmp/good.xml" "$tmp/in.xml"
run --convert "$tmp/in.xml" -o "$tmp/in.xml"
check "--convert never overwrites its input" sh -c "[ \"\$(cat '$tmp/status')\" = 2 ] && cmp -s '$tmp/good.xml' '$tmp/in.xml'"

run --list
check "a command without its file is a usage error" status_is 2

# Translations: LANGUAGE picks French messages under the C.UTF-8 locale of
# the tests (glibc ignores it only under plain C), from the catalogue the
# build compiled into ANNALS_LOCALEDIR. Machine output stays byte for byte.
french_mo=${ANNALS_LOCALEDIR:-}/fr/LC_MESSAGES/annals.mo
if [ -f "$french_mo" ]; then
  run_fr --check "$tmp/good.xml"
  check "--check speaks French under LANGUAGE=fr" out_has 'valide, 5 événements'
  run_fr --check "$tmp/bad.xml"
  check "--check explains errors in French, keeping file:line:column" \
    out_has "bad.xml:5:[0-9]*: erreur: piste «.nowhere.» inconnue"
  run --list "$tmp/good.xml"
  cp "$tmp/out" "$tmp/list-c"
  run_fr --list "$tmp/good.xml"
  check "--list prints the same bytes in French" cmp -s "$tmp/list-c" "$tmp/out"
  run_fr --list "$nato"
  cp "$tmp/out" "$tmp/list-fr"
  run --list "$nato"
  check "--list of the NATO dataset prints the same bytes in French" cmp -s "$tmp/list-fr" "$tmp/out"
else
  for name in "--check speaks French" "--check explains errors in French" \
              "--list prints the same bytes in French" "--list of the NATO dataset in French"; do
    n=$((n + 1)); echo "ok $n - $name # SKIP no catalogue at $french_mo"
  done
fi

# Limits: beyond them a clear message that names the limit and how to raise it.
run --check "$nato" --max-events 5
check "--max-events 5 refuses the 18 NATO events with status 2" status_is 2
check "--max-events names the limit and the place" \
  out_has 'nato-2026.xml:[0-9]*:[0-9]*: error: more than 5 events'
check "a limit error says how to raise it" err_has 'raised with --max-size and --max-events'
run --check "$nato" --max-events 18
check "--max-events 18 accepts exactly 18 events" out_has 'valid, 18 events'
run --list "$nato" --max-size 10kB
check "--max-size 10kB refuses a 33 kB file with its size and the limit" \
  err_has "is too large: 33.1.*kB (33060 bytes), more than the limit of 10.0.*kB (10000 bytes)"
check "nothing is listed beyond the size limit" test ! -s "$tmp/out"
run --export "$tmp/limited.png" --max-size 1MiB "$nato"
check "--export honours --max-size 1MiB" test -s "$tmp/limited.png"
run --check "$nato" --max-size 12parsecs
check "--max-size rejects a size it cannot read" err_has '“12parsecs” is not a size'
run --check "$nato" --max-events 0
check "--max-events 0 is a usage error" status_is 2

# A French LC_NUMERIC writes "1,5" with printf; the machine output must not.
if locale -a 2>/dev/null | grep -q -i '^fr_FR\.utf-\?8$'; then
  run --list "$nato"
  cp "$tmp/out" "$tmp/list-c"
  LC_ALL=fr_FR.UTF-8 "$annals" --list "$nato" >"$tmp/out" 2>"$tmp/err"
  check "--list prints the same bytes under LC_ALL=fr_FR.UTF-8" cmp -s "$tmp/list-c" "$tmp/out"
else
  n=$((n + 1)); echo "ok $n - --list under LC_ALL=fr_FR.UTF-8 # SKIP locale not installed"
fi

[ "$failed" -eq 0 ]
