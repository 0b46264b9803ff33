#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Hostile input, end to end: the real `annals --check` on each kind of hostile
# file, in each format Annals reads. Each must end with a clear message and
# exit status 1 or 2 (never a signal; UTF-16 with a BOM is valid and loads), within a memory bound, and, traced
# with strace, must open no file but its input and no socket at all.
# Usage: test-hostile.sh PATH/TO/annals   (prints TAP)
set -u

annals=$1
root=${ANNALS_SOURCE_ROOT:-$(dirname "$0")/..}
data=$root/tests/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY
# Far above what any of these needs (tens of MB): a file that makes the
# reader grow without bound fails here rather than taking the machine.
max_rss_kb=262144

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for line in "$@"; do echo "# $line"; done; }

have_strace=no
command -v strace >/dev/null 2>&1 && strace -f -qq -e trace=none true 2>/dev/null && have_strace=yes

secret=$tmp/secret.txt
echo "S3CRET-annals-hostile" >"$secret"

# The three roots Annals reads, each with an external entity to a local file,
# one to the network, and an external DTD.
for root_open in '<timeline xmlns="urn:annals:timeline:1" version="1"><title>' '<data><event start="2020" title="' '<timeline><version>2.9.0</version><timetype>gregoriantime</timetype><categories/><events><event><start>2020-01-01 00:00:00</start><end>2020-01-01 00:00:00</end><text>'; do
  i=$((${i:-0} + 1))
  case $i in
    1) root_close='</title></timeline>' ;;
    2) root_close='"/></data>' ;;
    3) root_close='</text><progress>0</progress><fuzzy>False</fuzzy><locked>False</locked><ends_today>False</ends_today></event></events></timeline>' ;;
  esac
  printf '<?xml version="1.0"?>\n<!DOCTYPE x [ <!ENTITY s SYSTEM "file://%s"> ]>\n%s&s;%s\n' \
    "$secret" "$root_open" "$root_close" >"$tmp/xxe-file-$i.xml"
  printf '<?xml version="1.0"?>\n<!DOCTYPE x [ <!ENTITY s SYSTEM "http://127.0.0.1:9/s"> ]>\n%s&s;%s\n' \
    "$root_open" "$root_close" >"$tmp/xxe-http-$i.xml"
  printf '<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "file://%s">\n%sx%s\n' \
    "$secret" "$root_open" "$root_close" >"$tmp/dtd-file-$i.xml"
  printf '<?xml version="1.0"?>\n<!DOCTYPE x [ <!ENTITY %% p SYSTEM "http://127.0.0.1:9/p"> %%p; ]>\n%sx%s\n' \
    "$root_open" "$root_close" >"$tmp/dtd-param-$i.xml"
done

# Size and shape.
python3 - "$tmp" <<'PY'
import sys, os
tmp = sys.argv[1]
head = '<timeline xmlns="urn:annals:timeline:1" version="1">\n<title>'
def write(name, data, mode='w'):
    with open(os.path.join(tmp, name), mode) as f:
        f.write(data)
write('huge-text.xml', head + 'a' * 30000000 + '</title>\n</timeline>\n')
write('huge-attribute.xml', head + 'T</title>\n<event id="' + 'a' * 12000000 + '"/></timeline>\n')
write('deep.xml', head + 'T</title>' + '<x:a xmlns:x="urn:x">' * 200000 + '</timeline>\n')
# libxml2 before 2.12 compares every attribute with those before it: minutes
# for these, unless the reader stops them first.
attributes = ' '.join('a%d="1"' % i for i in range(300000))
write('many-attributes.xml', head + 'T</title><event ' + attributes + '/></timeline>\n')
write('many-attributes-simile.xml', '<data><event ' + attributes + '/></data>\n')
write('many-attributes-utf16.xml', ('\ufeff' + head + 'T</title><event ' + attributes +
      '/></timeline>\n').encode('utf-16-le'), 'wb')
write('utf16be.xml', ('\ufeff<?xml version="1.0" encoding="UTF-16"?>\n' + head +
      'Z\u00fcrich</title></timeline>\n').encode('utf-16-be'), 'wb')
write('invalid-utf8.xml', head.encode() + b'caf\xc3\x28 \xff\xfe</title></timeline>\n', 'wb')
write('truncated.xml', head + 'T</title>\n<event id="e" type="ins')
write('garbage.bin', bytes((i * 7919 + 13) % 256 for i in range(65536)), 'wb')
write('empty.xml', '')
write('nul.xml', head + 'T\0</title></timeline>\n')
PY
cp "$data/hostile-billion-laughs.xml" "$data/hostile-xxe-file.xml" "$data/hostile-xxe-http.xml" \
   "$data/hostile-external-dtd.xml" "$tmp/"

files=$(cd "$tmp" && ls | grep -v '^secret.txt$')
count=$(echo "$files" | wc -l)
echo "1..$((count * 3 + 1))"

for name in $files; do
  file=$tmp/$name
  if [ "$have_strace" = yes ]; then
    /usr/bin/env time -f '%M' -o "$tmp/rss" \
      strace -f -qq -e trace=open,openat,socket,connect -o "$tmp/trace" \
      "$annals" --check "$file" >"$tmp/out" 2>"$tmp/err"
  else
    /usr/bin/env time -f '%M' -o "$tmp/rss" "$annals" --check "$file" >"$tmp/out" 2>"$tmp/err"
  fi
  status=$?
  message=$(cat "$tmp/out" "$tmp/err" | head -n 1)

  # UTF-16 with a byte order mark is valid XML: it loads. Everything else
  # gets a clear refusal: exit status 1 (invalid) or 2 (unreadable) and a
  # message that names the file.
  if [ "$name" = utf16be.xml ]; then
    if [ "$status" -eq 0 ] && [ "$message" = "$file: valid, 0 events" ]; then
      ok "$name loads: $message"
    else
      not_ok "$name loads" "exit status $status" "$message"
    fi
  elif { [ "$status" -eq 1 ] || [ "$status" -eq 2 ]; } && echo "$message" | grep -q "$name"; then
    ok "$name is refused: $message"
  else
    not_ok "$name is refused with a message" "exit status $status" "$message"
  fi

  rss=$(tail -n 1 "$tmp/rss" 2>/dev/null)
  if [ -n "$rss" ] && [ "$rss" -lt "$max_rss_kb" ]; then
    ok "$name: peak memory ${rss} kB"
  else
    not_ok "$name: peak memory under $max_rss_kb kB" "measured: ${rss:-nothing}"
  fi

  if [ "$have_strace" != yes ]; then
    n=$((n + 1)); echo "ok $n - $name: no other file, no socket # SKIP strace cannot trace here"
    continue
  fi
  # Files opened that are neither the input nor part of the system
  # (libraries, locales, fonts configuration): there must be none.
  strays=$(grep -E 'open(at)?\(' "$tmp/trace" | grep -v ' = -1 ' |
           grep -o '"[^"]*"' | tr -d '"' | sort -u |
           grep -v -e "^$file\$" -e '^/usr/' -e '^/lib' -e '^/etc/ld\.so' -e '^/etc/locale' \
                   -e '^/proc/' -e '^/sys/' -e '^/dev/' -e '^/etc/localtime$' -e '^/etc/fonts' \
                   -e '^/etc/gnutls/' -e '^/etc/nsswitch.conf$' -e '^/etc/ld.so')
  sockets=$(grep -E '(socket|connect)\(' "$tmp/trace")
  tried_secret=$(grep -F "$secret" "$tmp/trace")
  if [ -z "$strays" ] && [ -z "$sockets" ] && [ -z "$tried_secret" ]; then
    ok "$name: opens no other file and no socket"
  else
    not_ok "$name: opens no other file and no socket" "files: $strays" "sockets: $sockets" \
      "secret: $tried_secret"
  fi
done

# The secret never shows, in any output.
if grep -r -l "S3CRET-annals" "$tmp" --exclude=secret.txt --exclude='*.xml' >/dev/null 2>&1; then
  not_ok "the secret file's contents appear nowhere"
else
  ok "the secret file's contents appear nowhere"
fi

[ "$failed" -eq 0 ]
