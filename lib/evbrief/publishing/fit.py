"""Figures fitted to the page: a chart that does not fit below the text goes over to the next page
and leaves the rest of this one empty; printed a little smaller, it stays where the text calls it.

After a PDF is printed, each page but the last is measured (poppler's pdftoppm, at 30 dpi): when
the empty stretch at the foot of its text area is taller than LIMIT of that area and the next page
starts with a figure, that figure is set to the height that fits, if that is at least SMALLEST of
its drawn height, and the page is printed again (three times at most). Without poppler, nothing is fitted.
"""

from __future__ import annotations

import html
import math
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

LIMIT = (
    0.30  # the share of a page's text area that may be left empty (tests/publishing/test_layout.py)
)
SMALLEST = 0.72  # a figure is never printed smaller than this share of its drawn height
MM = 25.4 / 72
PAGE_MM = (210, 297)
MARGIN_MM = {"top": 20, "bottom": 20, "side": 16}  # report.css's @page margins
TEXT_MM = (PAGE_MM[0] - 2 * MARGIN_MM["side"], PAGE_MM[1] - MARGIN_MM["top"] - MARGIN_MM["bottom"])
MARGINS_MM = 3  # the gap between a chart and its caption, and rounding
FIGURE_MARGIN_MM = 6  # report.css: figure.evb-figure's margin, 1.6em
HEADING_MM = 11  # the space above a section heading (report.css: h2 margin and rule)
OPENING_MM = 25  # a figure whose chart starts this close to the top of the text area opens the page
FIGURE = re.compile(r"^\s*(?:Figure|図)\s*(\d+)\s*[.．]")
DPI = 30
CAPTION_CHARS = (
    100  # characters of a caption line across the text width (a wide character counts two)
)
CAPTION_LINE_MM = 4.8
STEP_MM = 5  # how much smaller a figure is set again when the height computed did not keep it


def _pages(pdf: Path) -> list[tuple[int, int, bytes]]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["pdftoppm", "-gray", "-r", str(DPI), str(pdf), f"{tmp}/p"],
            check=True,
            capture_output=True,
        )
        out = []
        for file in sorted(Path(tmp).glob("p*.pgm")):
            parts = file.read_bytes().split(maxsplit=4)  # P5, width, height, maxval, raster
            out.append((int(parts[1]), int(parts[2]), parts[4]))
    return out


def empty_foot(width: int, height: int, raster: bytes) -> float:
    """How far up from the foot of the text area the page is empty, in mm."""
    scale = DPI / 25.4
    top, bottom = int(MARGIN_MM["top"] * scale), height - int(MARGIN_MM["bottom"] * scale)
    left, right = int(MARGIN_MM["side"] * scale), width - int(MARGIN_MM["side"] * scale)
    rows = 0
    for y in range(bottom - 1, top, -1):
        if min(raster[y * width + left : y * width + right]) <= 235:
            break
        rows += 1
    return rows / scale


def captions(pdf: Path, page: int) -> list[tuple[int, float, float]]:
    """The figure captions on a page, as (figure number, top, bottom) in mm from the page's top edge."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
    ).stdout
    found = []
    for y0, y1, body in re.findall(
        r'<block xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</block>',
        out,
        flags=re.S,
    ):
        words = " ".join(re.findall(r"<word [^>]*>(.*?)</word>", body))
        caption = FIGURE.match(words)
        if caption:
            found.append((int(caption.group(1)), float(y0) * MM, float(y1) * MM))
    return found


def drawn_height(page: str, number: int) -> float | None:
    """The printed height of figure `number`'s chart, in mm (its SVG's size, scaled to the text width)."""
    found = re.search(
        rf'id="figure-{number}">\s*<div class="evb-static"[^>]*><svg[^>]*? width="([\d.]+)" height="([\d.]+)"',
        page,
    )
    if not found:
        return None
    width, height = (float(v) * 25.4 / 96 for v in found.groups())
    return height * min(1.0, TEXT_MM[0] / width)


def heights(pdf: Path, page: str, fitted: dict[int, float] | None = None) -> dict[int, float]:
    """The figures to print smaller, with the height in mm that keeps each on the page before
    (`fitted`: the heights the PDF was printed with)."""
    fitted = dict(fitted or {})
    pages = _pages(pdf)
    for number, (width, height, raster) in enumerate(pages[:-1], 1):
        empty = empty_foot(width, height, raster)
        if empty <= LIMIT * TEXT_MM[1]:
            continue
        opening = sorted(captions(pdf, number + 1), key=lambda c: c[1])[:1]  # the topmost
        if not opening:
            continue
        figure, top, bottom = opening[0]
        drawn = drawn_height(page, figure)
        if not drawn:
            continue
        printed = fitted.get(figure, drawn)
        # the next page must open with that figure: above its caption only its chart, and the
        # heading that goes over with it
        above = top - MARGIN_MM["top"] - printed
        if above > OPENING_MM:
            continue
        # a heading carried over keeps, mid-page, the space above it that a page's top cuts off
        # (a figure alone keeps, mid-page, its own top margin)
        before = HEADING_MM if above > 2 else FIGURE_MARGIN_MM
        room = empty - max(0.0, above) - before - caption_height(page, figure) - MARGINS_MM
        if figure in fitted:  # printed smaller and still pushed over: smaller again
            room = min(room, printed - STEP_MM)
        if SMALLEST * drawn <= room < printed:
            fitted[figure] = round(room, 1)
    return fitted


def caption_height(page: str, number: int) -> float:
    """The height of figure `number`'s caption in mm, from its length (report.css: .82rem, 1.55 lines)."""
    found = re.search(rf'id="figure-{number}">.*?<figcaption>(.*?)</figcaption>', page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text.strip())
    return max(1, math.ceil(width / CAPTION_CHARS)) * CAPTION_LINE_MM


def css(fitted: dict[int, float]) -> str:
    return "".join(
        f"#figure-{n} .evb-static svg {{ max-height: {mm}mm; width: auto; }}\n"
        for n, mm in sorted(fitted.items())
    )


def available() -> bool:
    return bool(shutil.which("pdftoppm") and shutil.which("pdftotext"))
