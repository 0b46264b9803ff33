#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that every quotation in a dataset is the exact wording of its source.

usage: check-citations.py DATASET SEEDS_DIR

Each <source> is matched to the text file in SEEDS_DIR that contains its
<title>; every <cite quote="…"> naming that source must then occur in that
text word for word (runs of white space, no-break spaces included, count as
one space, as XML attribute normalisation does). A quotation that is not
found, or a source with no text to check against, is reported with its line.

Exits 0 when all quotations are found, 1 when some are not, and 77 (skipped)
when SEEDS_DIR does not exist, as in a tarball or Flatpak build that has only
the repository.
"""

import os
import re
import sys
import xml.parsers.expat

NS = 'urn:annals:timeline:1'


def normalise(text):
    return re.sub(r'\s+', ' ', text).strip()


def read_dataset(path):
    """Returns ({source id: (title, line)}, [(source id, quote, line)])."""
    sources = {}
    cites = []
    stack = []
    state = {'source': None, 'text': []}
    parser = xml.parsers.expat.ParserCreate(namespace_separator=' ')

    def start(name, attrs):
        stack.append(name)
        line = parser.CurrentLineNumber
        if name == NS + ' source' and len(stack) == 2:
            state['source'] = (attrs.get('id'), line)
        elif name == NS + ' title' and state['source'] is not None:
            state['text'] = []
        elif name == NS + ' cite':
            cites.append((attrs.get('source'), attrs.get('quote'), line))

    def end(name):
        stack.pop()
        if name == NS + ' title' and state['source'] is not None:
            source_id, line = state['source']
            sources[source_id] = (normalise(''.join(state['text'])), line)
        elif name == NS + ' source' and len(stack) == 1:
            state['source'] = None

    def chars(data):
        state['text'].append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    with open(path, 'rb') as f:
        parser.ParseFile(f)
    return sources, cites


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    dataset, seeds_dir = argv[1], argv[2]
    if not os.path.isdir(seeds_dir):
        print(f'{seeds_dir}: no source texts here; skipping')
        return 77

    texts = []
    for name in sorted(os.listdir(seeds_dir)):
        path = os.path.join(seeds_dir, name)
        if os.path.isfile(path):
            with open(path, encoding='utf-8') as f:
                texts.append((name, normalise(f.read())))

    sources, cites = read_dataset(dataset)
    failures = 0
    source_text = {}
    for source_id, (title, line) in sources.items():
        matches = [(name, text) for name, text in texts if title and title in text]
        if len(matches) != 1:
            found = 'no text' if not matches else f'{len(matches)} texts'
            print(f'{dataset}:{line}: source "{source_id}": {found} in {seeds_dir} '
                  f'contain its title "{title}"')
            failures += 1
            continue
        source_text[source_id] = matches[0]

    checked = 0
    for source_id, quote, line in cites:
        if source_id not in source_text:
            if source_id not in sources:
                print(f'{dataset}:{line}: cite names unknown source "{source_id}"')
                failures += 1
            continue
        if quote is None:
            continue
        name, text = source_text[source_id]
        if normalise(quote) not in text:
            print(f'{dataset}:{line}: quote is not in {name} ({source_id}): "{quote}"')
            failures += 1
        checked += 1

    print(f'{checked} quotations checked against {len(source_text)} sources, '
          f'{failures} problems')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
