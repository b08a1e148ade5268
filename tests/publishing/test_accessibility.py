"""Every HTML page of the publication read by axe-core (axe-playwright-python bundles it) in Debian's
Chromium, allowing no violation of any impact; and every chart with a text alternative that states
what it finds, not only what it draws."""

from __future__ import annotations

import html
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from evbrief.publishing import publish
from playwright.sync_api import sync_playwright

from tests.publishing.test_browser import ARGS, CHROMIUM


@pytest.fixture(scope="module")
def page():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tab = browser.new_page(viewport={"width": 1100, "height": 900})
        yield tab
        browser.close()


def violations(tab, file) -> list[str]:
    """axe-core's violations on one page, once its charts are drawn: "rule (impact): n elements"."""
    tab.goto(file.resolve().as_uri())
    figures = tab.locator("figure.evb-figure").count()
    if figures and 'class="evb-spec"' in file.read_text(encoding="utf-8"):
        tab.wait_for_function(
            f"document.querySelectorAll('figure.is-live').length === {figures}", timeout=30000
        )
    found = Axe().run(tab).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} e.g. {v['nodes'][0]['target']}"
        for v in found
    ]


def test_no_page_of_the_publication_has_an_accessibility_violation(page, publication_dir):
    pages = sorted(publication_dir.glob("*.html"))
    assert {"index.html", "data.html", "briefing.html"} <= {p.name for p in pages}
    found = {p.name: v for p in pages if (v := violations(page, p))}
    assert found == {}


def test_axe_finds_a_page_without_landmarks_or_alternatives(page, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bad</title></head>'
        '<body><h1>Report</h1><p>Text outside any landmark.</p><img src="x.png"></body></html>'
    )
    rules = {v.split(" ")[0] for v in violations(page, bad)}
    assert {"image-alt", "region"} <= rules


def _figures(page: str):
    return re.findall(
        r'<figure class="evb-figure"[^>]*>\s*<div class="evb-static" role="img" aria-label="([^"]*)">'
        r"(.*?)</div>.*?<figcaption>(.*?)</figcaption>",
        page,
        flags=re.S,
    )


def _finding(svg: str, caption: str) -> str:
    """What the chart finds: its caption when that says more than "Figure N.", else its headline."""
    said = re.sub(r'<span class="(fig-no|cites)">.*?</span>', "", caption)
    said = html.unescape(re.sub(r"<[^>]+>", "", said)).strip()
    headline = re.search(r"aria-label=\"Title text '(.*?)'\"", svg)
    return said, html.unescape(headline.group(1)) if headline else ""


def test_every_chart_has_a_text_alternative_that_states_its_finding(publication_dir):
    checked = 0
    for file in sorted(publication_dir.glob("*.html")):
        for label, svg, caption in _figures(file.read_text(encoding="utf-8")):
            label = html.unescape(label)
            said, headline = _finding(svg, caption)
            assert headline and headline in label, (file.name, headline, label)
            assert said in label, (file.name, said, label)
            checked += 1
    assert checked > 40


def test_a_chart_described_without_its_finding_fails():
    figure = {
        "alt": "Line chart of the electric share by year.",
        "caption": "Line chart of the electric share by year.",
        "spec": {"vconcat": [{"title": {"text": ["Southeast Asia is electrifying"]}}]},
    }
    said = publish.text_alternative(figure)
    assert said.startswith("Southeast Asia is electrifying.")
    assert publish.text_alternative({**figure, "spec": {}}) == figure["alt"]  # no headline to state
