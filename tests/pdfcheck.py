"""Small helpers to look inside a PDF: its text (pypdf) and its pixels (pdftoppm, plain PPM parsing)."""

from __future__ import annotations

import subprocess
import tempfile
import unicodedata
from pathlib import Path

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
