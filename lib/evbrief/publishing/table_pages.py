"""Tables as printed: on which page each body row of each table fell, read from the tagged PDF.

A table that runs on to the next page leaving one row alone at the foot of a page reads badly;
Chromium does not honour `break-after: avoid` between table rows, so the publisher prints such a
table again starting on the next page (evbrief.publishing.publish.fit_figures). The tests read the
same structure (tests/pdfcheck.py).
"""

from __future__ import annotations

import re
from pathlib import Path

LEAST_ROWS = 2  # the fewest body rows a table may leave on a page it runs over


def available() -> bool:
    """Whether the PDF's structure can be read (pypdf installed)."""
    try:
        import pypdf  # noqa: F401
    except ImportError:
        return False
    return True


def _kids(node) -> list:
    node = node.get_object()
    kids = node.get("/K") if isinstance(node, dict) else None
    if kids is None:
        return []
    kids = kids if isinstance(kids, list) else [kids]
    return [k.get_object() for k in kids if isinstance(k.get_object(), dict)]


def _first_page(node, pages: dict) -> int | None:
    node = node.get_object()
    if node.get("/Pg") is not None:
        return pages.get(node.raw_get("/Pg").idnum)
    for kid in _kids(node):
        page = _first_page(kid, pages)
        if page is not None:
            return page
    return None


def table_rows(pdf: Path) -> list[list[int]]:
    """For each table, in the order of the page, the page number of each of its body rows."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    pages = {p.indirect_reference.idnum: i + 1 for i, p in enumerate(reader.pages)}
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    tables: list[list[int]] = []

    def walk(node):
        if node.get("/S") == "/Table":
            rows = []
            stack = _kids(node)
            while stack:
                kid = stack.pop(0)
                if kid.get("/S") == "/TR":
                    cells = _kids(kid)
                    if cells and all(c.get("/S") == "/TD" for c in cells):  # not a header row
                        rows.append(_first_page(kid, pages))
                elif kid.get("/S") in ("/THead", "/TBody", "/TFoot"):
                    stack = _kids(kid) + stack
            tables.append([r for r in rows if r is not None])
            return
        for kid in _kids(node):
            walk(kid)

    if root is not None:
        walk(root.get_object())
    return tables


def split_tables(pdf: Path, least: int = LEAST_ROWS) -> list[dict]:
    """Tables (numbered from 1 in the page's order) that run over pages leaving fewer than `least`
    body rows on one of them."""
    found = []
    for number, rows in enumerate(table_rows(pdf), 1):
        per_page = {p: rows.count(p) for p in sorted(set(rows))}
        if len(per_page) > 1 and min(per_page.values()) < least:
            found.append({"table": number, "rows per page": per_page})
    return found


def left_alone_at_foot(pdf: Path) -> set[int]:
    """The tables (from 1) whose first page holds fewer than LEAST_ROWS of their rows: printed
    from the next page, they keep their rows together."""
    return {
        s["table"]
        for s in split_tables(pdf)
        if next(iter(s["rows per page"].values())) < LEAST_ROWS
    }


INTRO_CHARS = 400  # a heading this close before a table goes over with it: its intro is short


def moved(page: str, tables: set[int]) -> str:
    """The page (without scripts, as it is printed) with each of `tables`, numbered in the page's
    order, starting on a new page; where a heading and a short introduction open the table, the
    heading starts the new page instead, so that neither is left alone above the gap."""
    starts = [m.start() for m in re.finditer(r"<table\b", page)]
    marks = []
    for n in sorted(tables):
        if n > len(starts):
            continue
        at = starts[n - 1]
        headings = [h.start() for h in re.finditer(r"<h[234]\b", page[:at])]
        if headings:
            between = page[headings[-1] : at]
            text = " ".join(re.sub(r"<[^>]+>", "", between).split())
            if len(text) <= INTRO_CHARS and not re.search(r"<(figure|svg|img|table)\b", between):
                at = headings[-1]
        marks.append(at)
    for at in sorted(set(marks), reverse=True):
        end = page.index(">", at)
        tag = page[at : end + 1]
        if 'style="' in tag:
            tag = tag.replace('style="', 'style="break-before: page; ', 1)
        else:
            tag = tag[:-1] + ' style="break-before: page">'
        page = page[:at] + tag + page[end + 1 :]
    return page
