"""Prose reaches the page as Markdown; two dollar signs in one paragraph must not read as math."""

from unittest import mock

from evbrief.document.report import Report
from nbconvert.filters.markdown_mistune import markdown2html_mistune

TEXT = "Rp 2.5 trillion (US$155 million) [15]; **China**, the Titan Project (US$9.8 billion)"


def test_emphasis_between_two_dollar_amounts_is_rendered() -> None:
    # the broken case: unescaped, the renderer reads "$155 ... US$" as math and leaves ** as typed
    assert "<strong>China</strong>" not in markdown2html_mistune(TEXT)
    shown = []
    with mock.patch("evbrief.document.report.display", lambda data, raw: shown.append(data)):
        Report("x", {}, "t").markdown(TEXT)
    page = markdown2html_mistune(shown[0]["text/markdown"])
    assert "<strong>China</strong>" in page and "US$155 million" in page
