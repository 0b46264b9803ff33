#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every file with translatable strings is listed in po/POTFILES.in, and every
# listed file exists: a string in a file left out would never be translated.
# Usage: check-potfiles.sh SOURCE_ROOT
set -u

root=$1
cd "$root" || exit 1

listed=$(mktemp)
found=$(mktemp)
trap 'rm -f "$listed" "$found"' EXIT

grep -v -e '^#' -e '^[[:space:]]*$' po/POTFILES.in | sort -u >"$listed"
{
  grep -l -E '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|g_dpgettext2|g_dcgettext)[[:space:]]*\(' \
    app/*.c app/*/*.c 2>/dev/null
  grep -l 'translatable="yes"' ui/*.ui 2>/dev/null
  ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null
} | sort -u >"$found"

status=0
for file in $(comm -13 "$listed" "$found"); do
  echo "$file has translatable strings but is not in po/POTFILES.in"
  status=1
done
for file in $(cat "$listed"); do
  if [ ! -f "$file" ]; then
    echo "po/POTFILES.in lists $file, which does not exist"
    status=1
  fi
done
exit $status
