#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Peak memory of `annals --check` and `--export` on files of one shape each,
# the same size (default 20 MB), that make the reader or the drawing keep the
# most per byte: minimal events, tracks, categories, eras, measures, tags,
# citations, foreign elements, errors, SIMILE events. Prints peak RSS, the
# ratio to the file size and the time, so the worst case can be quoted and
# compared (make bench runs it after the speed figures).
# Usage: tests/memory-worst.sh ANNALS [MEGABYTES]
set -eu
annals=$1
megabytes=${2:-20}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

python3 - "$dir" "$megabytes" <<'PY'
import sys, os
out, target = sys.argv[1], int(sys.argv[2]) * 1000 * 1000
head = '<timeline xmlns="urn:annals:timeline:1" version="1">\n<title>W</title>\n'
event = '<event id="e" type="instant"><title>t</title><start>2020</start>'
def fill(name, pre, unit, post='', tail='</timeline>\n', start=head):
    with open(os.path.join(out, name + '.xml'), 'w') as f:
        f.write(start + pre)
        n = size = 0
        while size < target:
            s = unit(n); f.write(s); size += len(s); n += 1
        f.write(post + tail)
fill('events', '', lambda n: f'<event id="e{n}" type="instant"><title>t</title><start>2020</start></event>\n')
fill('tracks', '', lambda n: f'<track id="t{n}" label="x"/>\n')
fill('categories', '', lambda n: f'<category id="c{n}" label="x" color="#112233"/>\n')
fill('eras', '', lambda n: f'<era start="{1000 + n % 9000}" label="x"/>\n')
fill('measures', '<track id="q" kind="quantity" unit="u"/>',
     lambda n: f'<measure track="q" date="{1000 + n % 9000}" value="{n}"/>\n')
fill('tags', event, lambda n: '<tag>x</tag>', '</event>')
fill('cites', '<source id="s"><title>s</title></source>' + event,
     lambda n: '<cite source="s" quote="q"/>', '</event>')
fill('foreign', '', lambda n: '<x:a xmlns:x="urn:x"/>')
fill('errors', '', lambda n: f'<event id="e{n}" type="instant"><title>t</title><start>2020-13</start></event>\n')
fill('simile', '', lambda n: '<event start="2020" title="t"/>\n', tail='</data>\n', start='<data>\n')
PY

# What the program takes with an empty timeline (libraries, fonts): the
# ratios are of what comes on top of it, per byte of input.
printf '<timeline xmlns="urn:annals:timeline:1" version="1"><title>E</title></timeline>\n' >"$dir/empty.xml"
/usr/bin/env time -f '%M' -o "$dir/base" "$annals" --check "$dir/empty.xml" >/dev/null 2>&1 || true
/usr/bin/env time -f '%M' -o "$dir/base-export" "$annals" --export "$dir/out.png" "$dir/empty.xml" \
  >/dev/null 2>&1 || true
base_kb=$(tail -n 1 "$dir/base")
base_export_kb=$(tail -n 1 "$dir/base-export")
rm "$dir/empty.xml"
echo "peak RSS with an empty timeline: check $((base_kb / 1024)) MB, export $((base_export_kb / 1024)) MB;" \
     "ratio = (peak - that) / file size"

printf '%-12s %10s %12s %7s %8s %12s %7s %8s\n' shape "file MB" "check MB" ratio "check s" "export MB" ratio "export s"
for file in "$dir"/*.xml; do
  name=$(basename "$file" .xml)
  bytes=$(wc -c <"$file")
  /usr/bin/env time -f '%M %e' -o "$dir/check" "$annals" --check "$file" >/dev/null 2>&1 || true
  /usr/bin/env time -f '%M %e' -o "$dir/export" "$annals" --export "$dir/out.png" "$file" \
    >/dev/null 2>&1 || true
  read -r check_kb check_s <<EOT
$(tail -n 1 "$dir/check")
EOT
  read -r export_kb export_s <<EOT
$(tail -n 1 "$dir/export")
EOT
  awk -v n="$name" -v b="$bytes" -v ck="$check_kb" -v cs="$check_s" -v ek="$export_kb" -v es="$export_s" \
      -v bk="$base_kb" -v bek="$base_export_kb" \
    'BEGIN { printf "%-12s %10.1f %12.1f %7.2f %8.2f %12.1f %7.2f %8.2f\n", n, b / 1e6, ck * 1024 / 1e6,
             (ck - bk) * 1024 / b, cs, ek * 1024 / 1e6, (ek - bek) * 1024 / b, es }'
done
