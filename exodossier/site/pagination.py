"""Pages that list the whole catalog, split into numbered pages of at most `LIST_MAX_ROWS` rows.

A page that lists every requirement grows with the catalog: at 10,000 requirements the
traceability matrices were 4.1 MB of HTML, one page that costs seconds to convert and that no
browser shows comfortably. Such a page is laid out as blocks of lines and sections (a heading
and rows); the rows fill pages of at most `LIST_MAX_ROWS`, a section cut by a page break goes on
under its heading marked "continued", and every page links to all the others. A catalog whose
rows fit stays on one page, exactly as before (the real catalog's pages are well under the cap).

Page 2 and later sit beside the first page (`catalog/stages.md` -> `catalog/stages-2.md`), so
every relative link in the rows is the same on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, Sequence, TypeVar

from exodossier.i18n.messages import Translate
from exodossier.site.escape import escape
from exodossier.site.markup import page_link, paragraph, strong
from exodossier.site.paths import LIST_MAX_ROWS

Row = TypeVar("Row")


@dataclass(frozen=True)
class Section(Generic[Row]):
    """A heading and the rows under it; `render` writes some of the rows (a table, a matrix, a list)."""

    heading: list[str]  # lines before the rows where the section starts (heading with its anchor, intro)
    continued: list[str]  # lines before the rows on a following page (heading without the anchor)
    rows: Sequence[Row]
    render: Callable[[Sequence[Row]], list[str]]
    empty: tuple[str, ...] = ()  # lines after the heading when there are no rows


Block = list[str] | Section[Any]


def numbered_path(path: str, number: int) -> str:
    """Where page `number` of a split page lives: the first keeps its address, the others sit beside it."""
    return path if number == 1 else f"{path.removesuffix('.md')}-{number}.md"


def _fill(blocks: Sequence[Block], cap: int) -> list[list[str]]:
    """The blocks' lines, cut into pages of at most `cap` rows (lines outside sections count for nothing)."""
    pages: list[list[str]] = [[]]
    count = 0
    for block in blocks:
        if isinstance(block, list):
            pages[-1] += block
            continue
        if not block.rows:
            pages[-1] += [*block.heading, *block.empty]
            continue
        start = 0
        while start < len(block.rows):
            if count >= cap:
                pages.append([])
                count = 0
            take = min(cap - count, len(block.rows) - start)
            pages[-1] += (block.heading if start == 0 else block.continued) + block.render(
                block.rows[start:start + take])
            start += take
            count += take
    return pages


def paginate(path: str, head: Callable[[int, int], list[str]], blocks: Sequence[Block], _: Translate,
             cap: int | None = None) -> dict[str, list[str]]:
    """{path of each page: its lines}: `head(number, count)` gives a page's front matter and title.

    One page when the rows fit under `cap` (then no pager is added); otherwise each page gets a
    pager linking every page, before and after its rows.
    """
    pages = _fill(blocks, LIST_MAX_ROWS if cap is None else cap)
    if len(pages) == 1:
        return {path: head(1, 1) + pages[0]}
    return {numbered_path(path, number): head(number, len(pages)) + _pager(path, number, len(pages), _) + lines
            + _pager(path, number, len(pages), _)
            for number, lines in enumerate(pages, start=1)}


def _pager(path: str, number: int, count: int, _: Translate) -> list[str]:
    here = numbered_path(path, number)
    links = [strong(str(n)) if n == number else page_link(here, numbered_path(path, n), str(n))
             for n in range(1, count + 1)]
    return paragraph(escape(_("Page {number} of {count}:").format(number=number, count=count)) + " " + " · ".join(links))


def continued(heading: str, _: Translate) -> str:
    """A section heading's (escaped) text on the pages after its first: marked as continued."""
    return heading + " " + escape(_("(continued)"))


def page_title(title: str, number: int, count: int, _: Translate) -> str:
    """A split page's title (plain text): the first page keeps the page's own title."""
    return title if number == 1 else _("{title}, page {number} of {count}").format(title=title, number=number,
                                                                                    count=count)
