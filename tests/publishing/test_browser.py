"""Every rendered HTML report in a real browser (Debian's Chromium driven by playwright): each chart is
drawn interactively, the console stays clean, and no request leaves file://."""

from __future__ import annotations

import pytest
from evbrief.publishing import publication, publish
from playwright.sync_api import sync_playwright

CHROMIUM = publish._chromium()  # the same browser that prints the PDFs
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _open(browser, file):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(file.resolve().as_uri())
    return page, errors, requests


def test_every_chart_is_drawn_offline_without_errors(browser, publication_dir):
    checked = 0
    for job in publication.jobs():
        page, errors, requests = _open(browser, publication_dir / f"{job.stem}.html")
        figures = page.locator("figure.evb-figure").count()
        if figures:
            page.wait_for_function(
                f"document.querySelectorAll('figure.is-live').length === {figures}", timeout=20000
            )
            sizes = page.evaluate("""() => [...document.querySelectorAll('figure.evb-figure .evb-live')].map(el => {
                const g = el.querySelector('svg, canvas'); if (!g) return [0, 0];
                const r = g.getBoundingClientRect(); return [r.width, r.height]; })""")
            assert all(w > 100 and h > 50 for w, h in sizes), (job.stem, sizes)
        assert errors == [], (job.stem, errors)
        outside = [u for u in requests if not u.startswith(("file://", "data:", "blob:"))]
        assert outside == [], (job.stem, outside)
        page.close()
        checked += figures
    assert checked > 30


def test_tooltips_show_on_hover(browser, publication_dir):
    page, errors, _ = _open(browser, publication_dir / "ev_adoption.html")
    page.wait_for_function("document.querySelectorAll('figure.is-live').length > 0", timeout=20000)
    mark = page.locator(
        "figure.is-live .evb-live svg path.mark-symbol, figure.is-live .evb-live svg .mark-symbol path"
    ).first
    mark.hover(force=True)
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
    assert page.locator("#vg-tooltip-element").inner_text().strip()
    assert errors == []


def test_print_media_shows_the_static_charts(browser, publication_dir):
    page, _, _ = _open(browser, publication_dir / "briefing.html")
    page.wait_for_function("document.querySelectorAll('figure.is-live').length > 0", timeout=20000)
    page.emulate_media(media="print")
    shown = page.evaluate("""() => [...document.querySelectorAll('figure.evb-figure')].map(f =>
        getComputedStyle(f.querySelector('.evb-static')).display !== 'none'
        && getComputedStyle(f.querySelector('.evb-live')).display === 'none')""")
    assert shown and all(shown)


def test_a_page_of_the_lighter_site_draws_its_charts_from_the_shared_bundle(
    browser, tmp_path, monkeypatch
):
    monkeypatch.setattr(
        publication, "jobs", lambda *a, **k: [publication.Job("funding", "funding", {}, ("html",))]
    )
    site = tmp_path / "downloaded-site"
    code, _ = publication.render_all(out_dir=site, quiet=True, bundle="shared")
    assert code == 0 and (site / publish.vega_asset()).exists()
    page, errors, requests = _open(browser, site / "funding.html")
    figures = page.locator("figure.evb-figure").count()
    assert figures
    page.wait_for_function(
        f"document.querySelectorAll('figure.is-live').length === {figures}", timeout=20000
    )
    assert errors == []
    assert (site / publish.vega_asset()).resolve().as_uri() in requests  # the relative file
    assert all(u.startswith(("file://", "data:", "blob:")) for u in requests)
