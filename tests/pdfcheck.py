"""Small helpers to look inside a PDF: its text (pypdf) and its pixels (pdftoppm, plain PPM parsing)."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from evbrief.publishing.table_pages import split_tables, table_rows  # noqa: F401
from pypdf import PdfReader


def text(pdf: Path) -> str:
    """The PDF's text, NFKC-normalised: pypdf reads some CJK glyphs of Noto Sans CJK as the Kangxi
    radicals that share them (⽇ for 日); pdftotext and readers' search treat them as the same."""
    return unicodedata.normalize(
        "NFKC", "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    )


def poppler_text(pdf: Path, *options: str) -> str:
    """The PDF's text as poppler's pdftotext reads it (it maps the CJK glyphs back to the characters,
    and keeps pages apart with form feeds); options such as "-l", "1" or "-layout"."""
    return subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def pixels(pdf: Path, page: int, dpi: int = 50) -> tuple[int, int, bytes]:
    """RGB pixels of one page (1-based), via pdftoppm's binary PPM."""
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "p"
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf), str(stem)],
            check=True,
            capture_output=True,
        )
        data = next(Path(tmp).glob("p*.ppm")).read_bytes()
    parts = data.split(maxsplit=4)  # P6, width, height, maxval, raster
    return int(parts[1]), int(parts[2]), parts[4]


def count_colour(raster: bytes, rgb: tuple[int, int, int], tolerance: int = 24) -> int:
    r0, g0, b0 = rgb
    count = 0
    for i in range(0, len(raster) - 2, 3):
        if (
            abs(raster[i] - r0) <= tolerance
            and abs(raster[i + 1] - g0) <= tolerance
            and abs(raster[i + 2] - b0) <= tolerance
        ):
            count += 1
    return count


# --- layout rules: what a reader sees page by page ----------------------------------------------------

MM = 72 / 25.4
#: the text area of an A4 page inside report.css's @page margins (20 mm top and bottom, 16 mm sides)
MARGINS = {"top": 20 * MM, "bottom": 20 * MM, "side": 16 * MM}
#: a heading that starts the back matter: the rules for blank space stop at its page
BACK_MATTER = re.compile(r"^(Annex|Appendix|Sources|付録|出典一覧)", re.I)


def outline(pdf: Path) -> list[tuple[str, int, float]]:
    """Every bookmark as (title, page 1-based, top in points from the page's top edge)."""
    reader = PdfReader(pdf)
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            page = reader.get_destination_page_number(item)
            height = float(reader.pages[page].mediabox.height)
            top = float(item.get("/Top") or height)
            found.append((unicodedata.normalize("NFKC", item.title), page + 1, height - top))

    walk(reader.outline)
    return found


def back_matter_page(pdf: Path) -> int | None:
    """The page on which the annex (or, without one, the reference list) starts."""
    pages = [page for title, page, _ in outline(pdf) if BACK_MATTER.match(title.strip())]
    return min(pages) if pages else None


def pages_before_back_matter(pdf: Path) -> range:
    """The pages the rules for blank space apply to: those before the annex; without one, all but the last."""
    last = back_matter_page(pdf) or len(PdfReader(pdf).pages)
    return range(1, last)


def longest_blank(pdf: Path, page: int, dpi: int = 30) -> float:
    """The tallest run of empty rows in the page's text area, as a share of that area's height."""
    width, height, raster = grey_pixels(pdf, page, dpi)
    scale = dpi / 72
    top, bottom = int(MARGINS["top"] * scale), height - int(MARGINS["bottom"] * scale)
    left, right = int(MARGINS["side"] * scale), width - int(MARGINS["side"] * scale)
    run = longest = 0
    for y in range(top, bottom):
        row = raster[y * width + left : y * width + right]
        if min(row) > 235:
            run += 1
            longest = max(longest, run)
        else:
            run = 0
    return longest / (bottom - top)


def grey_pixels(pdf: Path, page: int, dpi: int = 30) -> tuple[int, int, bytes]:
    """Grey pixels of one page (1-based), via pdftoppm's binary PGM."""
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "p"
        subprocess.run(
            [
                "pdftoppm",
                "-gray",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                str(pdf),
                str(stem),
            ],
            check=True,
            capture_output=True,
        )
        data = next(Path(tmp).glob("p*.pgm")).read_bytes()
    parts = data.split(maxsplit=4)  # P5, width, height, maxval, raster
    return int(parts[1]), int(parts[2]), parts[4]


def blank_pages(pdf: Path, limit: float = 0.30) -> list[tuple[int, float]]:
    """Pages before the back matter with an empty stretch taller than `limit` of the text area."""
    found = []
    for page in pages_before_back_matter(pdf):
        share = longest_blank(pdf, page)
        if share > limit:
            found.append((page, round(share, 2)))
    return found


def lines(pdf: Path) -> dict[int, list[tuple[float, float, str]]]:
    """The text lines of each page inside its text area, as (top, bottom, text), top to bottom."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = {}
    for number, page in enumerate(re.findall(r"<page [^>]*>(.*?)</page>", out, flags=re.S), 1):
        height = float(re.search(r'height="([\d.]+)"', out.split("<page ")[number]).group(1))
        found = []
        for y0, y1, body in re.findall(
            r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>',
            page,
            flags=re.S,
        ):
            top, bottom = float(y0), float(y1)
            if top < MARGINS["top"] - 2 or bottom > height - MARGINS["bottom"] + 2:
                continue  # the running head and the page number
            words = re.findall(r"<word [^>]*>(.*?)</word>", body, flags=re.S)
            found.append((top, bottom, html.unescape(" ".join(words))))
        pages[number] = sorted(found)
    return pages


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def stranded_headings(pdf: Path) -> list[tuple[int, str]]:
    """Headings with nothing after them on their page: the reader turns over to find what they head."""
    by_page = lines(pdf)
    found = []
    for title, page, top in outline(pdf):
        heading = _squash(title)
        if not heading:
            continue
        after = [ln for ln in by_page.get(page, []) if ln[0] >= top - 4]
        # the heading's own lines (it may wrap), then whatever follows it on the page
        said = ""
        while (
            after and heading.startswith(said + _squash(after[0][2])) and len(said) < len(heading)
        ):
            said += _squash(after.pop(0)[2])
        if said and not after:
            found.append((page, title))
    return found


def repeated_licences(pdf: Path, licences: list[str]) -> dict[str, int]:
    """Licence sentences said more than once in the reference list (from its heading to the end)."""
    text = poppler_text(pdf)
    starts = [m.start() for m in re.finditer(r"^(Sources|出典一覧)\s*$", text, flags=re.M)]
    if not starts:
        return {}
    listed = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text[starts[-1] :]))
    # the whole sentence: "CC BY 4.0 (World Bank)" is not a second "CC BY 4.0"
    counts = {
        lic: len(re.findall(re.escape(lic) + r"(?=\s*[:.;,\]]|\s*$)", listed))
        for lic in licences
        if lic
    }
    return {lic: n for lic, n in counts.items() if n > 1}
