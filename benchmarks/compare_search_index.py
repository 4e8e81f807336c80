"""Compare two Material search indexes page by page: locations, titles, tags and the words of the text.

Used to check that the generated pages' entries written from the models (exodossier/site/search_index.py)
find what Material's own indexing of the finished HTML found. Words are lunr's: the text with tags
removed and entities decoded, lower-cased and split at the configured separator. A token of the old
index that is several words run together (Material joins table cells and diagram labels without a
space: "informationThe") counts as found when the new page has each of those words.

    python benchmarks/compare_search_index.py BASELINE/search/search_index.json NEW/search/search_index.json
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

_TAG = re.compile(r"<[^>]*>")


def words(text: str, separator: re.Pattern[str]) -> set[str]:
    return {w for w in separator.split(html.unescape(_TAG.sub(" ", text)).lower()) if w}


def run_together(token: str, found: set[str]) -> bool:
    """Whether `token` is a concatenation of words in `found` ("002refinesexo" = "002" + "refines" + "exo")."""
    reachable = [True] + [False] * len(token)
    for end in range(1, len(token) + 1):
        reachable[end] = any(reachable[start] and token[start:end] in found for start in range(end))
    return reachable[-1]


def by_page(index: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    pages: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc in index["docs"]:
        pages[doc["location"].split("#", 1)[0]].append(doc)
    return pages


def compare(old_file: Path, new_file: Path, show: int = 20) -> int:
    old, new = (json.loads(f.read_text(encoding="utf-8")) for f in (old_file, new_file))
    separator = re.compile(old["config"]["separator"])
    problems: list[str] = []
    if old["config"] != new["config"]:
        problems.append(f"config differs: {old['config']} != {new['config']}")
    old_pages, new_pages = by_page(old), by_page(new)
    for page in sorted(set(old_pages) | set(new_pages)):
        before, after = old_pages.get(page, []), new_pages.get(page, [])
        if not after or not before:
            problems.append(f"{page}: page {'missing' if not after else 'added'}")
            continue
        b_loc = {d["location"]: d for d in before}
        a_loc = {d["location"]: d for d in after}
        for location in sorted(set(b_loc) - set(a_loc)):
            problems.append(f"{location}: section missing")
        for location in sorted(set(a_loc) - set(b_loc)):
            problems.append(f"{location}: section added")
        for location in sorted(set(a_loc) & set(b_loc)):
            x, y = b_loc[location], a_loc[location]
            if html.unescape(x["title"]) != html.unescape(y["title"]):
                problems.append(f"{location}: title {x['title']!r} -> {y['title']!r}")
            if x.get("tags") != y.get("tags"):
                problems.append(f"{location}: tags {x.get('tags')} -> {y.get('tags')}")
            if x.get("boost") != y.get("boost"):
                problems.append(f"{location}: boost {x.get('boost')} -> {y.get('boost')}")
        lost = set().union(*(words(d["text"], separator) for d in before)) - \
            set().union(*(words(d["text"], separator) for d in after))
        # Material runs table cells and diagram labels together ("informationThe"): such a token is
        # still found when it is several words of the new page's text run together.
        found = set().union(*(words(d["text"], separator) for d in after))
        lost = {word for word in lost if not run_together(word, found)}
        if lost:
            problems.append(f"{page}: words lost from the page's text: {sorted(lost)[:15]}")
    gained = sum(len(v) for v in new_pages.values()) - sum(len(v) for v in old_pages.values())
    print(f"{len(old['docs'])} -> {len(new['docs'])} entries ({gained:+d}); {len(problems)} differences")
    for problem in problems[:show]:
        print("  " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(compare(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 40))
