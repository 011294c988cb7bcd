"""Cut a saved onlinesmartcities notulen page to its first N agenda items, at element boundaries.

    python tests/data/html/cut_items.py SOURCE.html TARGET.html N

The treatments of the agenda items (`<div property="ext:behandelt" typeof="besluit:BehandelingVanAgendapunt"...>`)
after the N-th are removed whole (from the start of the (N+1)-th to the end of the last one); every
other byte of the page stays as it was. Used for tests/data/html/aalst-notulen-gemeenteraad-2023-12-19.html
(see SOURCES.md): the full page is 3.1 MB, too slow for the fast tests.
"""

from __future__ import annotations

import re
import sys

TREATMENT = '<div property="ext:behandelt" typeof="besluit:BehandelingVanAgendapunt"'


def cut(page: str, keep: int) -> str:
    starts = [m.start() for m in re.finditer(re.escape(TREATMENT), page)]
    if len(starts) <= keep:
        return page
    begin = end = starts[keep]
    depth = 0
    for m in re.compile(r"<div\b|</div>").finditer(page, begin):
        depth += 1 if m.group(0) == "<div" else -1
        if depth == 0:  # one treatment closed; go on while the next element is another treatment
            end = m.end()
            if not page[end:].lstrip().startswith(TREATMENT):
                break
    return page[:begin] + page[end:]


if __name__ == "__main__":
    source, target, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(source, encoding="utf-8", newline="") as handle:
        text = handle.read()
    with open(target, "w", encoding="utf-8", newline="") as handle:
        handle.write(cut(text, n))
